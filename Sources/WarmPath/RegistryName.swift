/// A container registry as the docker-credential-helpers protocol names it, in every form the
/// tools send: the bare `credHelpers` key (`host:port`, what skopeo and podman send), or a URL
/// (`https://host:port`, `https://host:port/v2/`, `https://index.docker.io/v1/`, what the docker
/// CLI sends). One normal form, so a claim in the config and a request meet: the host in lower
/// case, the port unless it is https's 443, no scheme, no path.
public struct RegistryName: Hashable, Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int?
    /// Written with `http://`: the registry is spoken to in plain http (the config then needs
    /// allow_insecure_http, unless it is loopback).
    public let plainHTTP: Bool

    /// Nil when `text` names no registry this helper can match (empty, a space or control
    /// character, a user name, a bad port).
    public init?(parsing text: String) {
        var rest = Substring(text)
        var plain = false
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            let scheme = rest[..<colon].lowercased()
            guard scheme == "https" || scheme == "http" else { return nil }
            plain = scheme == "http"
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        guard !rest.isEmpty, rest.utf8.count <= 255,
            rest.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "@" && $0 != "\\" && $0 != "\"" })
        else { return nil }
        var host = String(rest).lowercased()
        var port: Int?
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = plain ? port : (port == 443 ? nil : port)
        self.plainHTTP = plain
    }

    /// `host` or `host:port`.
    public var description: String { port.map { "\(host):\($0)" } ?? host }

    /// The same registry, whatever the scheme it was written with.
    public func isSame(as other: RegistryName) -> Bool { host == other.host && port == other.port }

    /// Its origin as a URL, to compare with a profile's resources.
    public var originText: String { (plainHTTP ? "http://" : "https://") + description }
}
