/// The words after `keyring` as pip and uv write them, read once for the front and authhelper-full:
/// `get SERVICE USERNAME` (pip), `--mode creds get SERVICE [USERNAME]` (uv), `set SERVICE USERNAME`.
/// keyring's own backend options (`-b NAME`, `--keyring-backend NAME`, `--keyring-path PATH`) mean
/// nothing here and are skipped.
public struct KeyringWords: Equatable, Sendable {
    public var credsMode = false
    public var operation: String
    public var service: String
    public var username: String?

    /// Nil when there is no operation and service.
    public init?(_ words: [String]) {
        var index = 0
        var credsMode = false
        while index < words.count, words[index].hasPrefix("-") {
            let word = words[index]
            index += 1
            if word == "--mode", index < words.count {
                credsMode = words[index] == "creds"
                index += 1
            } else if word.hasPrefix("--mode=") {
                credsMode = word == "--mode=creds"
            } else if word == "-b" || word == "--keyring-backend" || word == "--keyring-path" {
                index += 1
            }
        }
        guard index + 1 < words.count else { return nil }
        self.credsMode = credsMode
        operation = words[index]
        service = words[index + 1]
        username = index + 2 < words.count ? words[index + 2] : nil
    }

    /// The service as a URL: pip's second lookup names only `HOST:PORT`, which is `https://HOST:PORT/`.
    public var isHostOnly: Bool { !containsScheme }
    public var serviceURL: String { isHostOnly ? "https://" + service + "/" : service }

    private var containsScheme: Bool {
        let bytes = Array(service.utf8)
        guard bytes.count >= 3 else { return false }
        for i in 0..<(bytes.count - 2)
        where bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: "/") && bytes[i + 2] == UInt8(ascii: "/") {
            return true
        }
        return false
    }
}
