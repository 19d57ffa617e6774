/// The loopback rule, decided by the whole host and never by a prefix (`127.0.0.1.example.com` is
/// a DNS name like any other): an IPv4 literal in 127.0.0.0/8, `[::1]`, `localhost` or a name
/// under `.localhost` (RFC 6761 §6.3 reserves them for loopback). Plain http is spoken only to
/// such a host unless a profile allows it; the front and authhelper-full ask this one rule.
///
/// Read as bytes: no Character is built (the front is Embedded Swift, where grapheme breaking
/// costs).
public enum LoopbackHost {
    public static func contains(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "[::1]" || isIPv4Loopback(Array(host.utf8))
    }

    /// Four decimal octets, each of one to three digits and at most 255, the first 127.
    private static func isIPv4Loopback(_ host: [UInt8]) -> Bool {
        let octets = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0].elementsEqual("127".utf8) else { return false }
        return octets.allSatisfy { octet in
            (1...3).contains(octet.count) && octet.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                && octet.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } <= 255
        }
    }
}
