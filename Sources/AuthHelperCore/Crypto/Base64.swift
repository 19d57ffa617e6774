/// Base64 encoding (RFC 4648): the standard alphabet with padding for HTTP Basic (§4), the URL
/// alphabet without padding for JWTs and PKCE (§5).
public enum Base64 {
    static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Standard base64 with `=` padding.
    public static func encode(_ bytes: [UInt8]) -> String { encode(bytes, alphabet: standardAlphabet, padded: true) }

    static func encode(_ bytes: [UInt8], alphabet: [UInt8], padded: Bool) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let count = min(3, bytes.count - i)
            let chunk = (UInt32(bytes[i]) << 16) | (count > 1 ? UInt32(bytes[i + 1]) << 8 : 0) | (count > 2 ? UInt32(bytes[i + 2]) : 0)
            for j in 0..<4 {
                if j <= count {
                    out.append(alphabet[Int((chunk >> UInt32(18 - 6 * j)) & 63)])
                } else if padded {
                    out.append(UInt8(ascii: "="))
                }
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
