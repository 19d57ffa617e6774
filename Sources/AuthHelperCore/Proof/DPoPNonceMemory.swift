/// The DPoP nonces servers gave (RFC 9449 §8, §9), one per origin, so the next proof to that
/// origin carries it — the token endpoint's and an API's on the same origin alike. Kept in the
/// runtime folder (`.dpop-nonces`, 0600): a nonce is no secret, and it goes stale by itself.
public struct DPoPNonceMemory: Sendable {
    let paths: Paths

    public init(paths: Paths) { self.paths = paths }

    /// The last nonce `origin` gave, if any.
    public func nonce(for origin: String) -> String? { entries()[origin] }

    /// Remembers `nonce` for `origin` (best effort: without a runtime folder, a server asks again).
    public func remember(_ nonce: String, for origin: String) {
        guard nonce.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return }
        var all = entries()
        guard all[origin] != nonce else { return }
        all[origin] = nonce
        let text = all.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }.joined()
        try? paths.runtimeFolder.write(.dpopNonces, Array(text.utf8))
    }

    private func entries() -> [String: String] {
        guard case .contents(let bytes) = paths.runtimeFolder.read(.dpopNonces, limit: 64 * 1024) else { return [:] }
        var result: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if fields.count == 2 { result[fields[0]] = fields[1] }
        }
        return result
    }
}
