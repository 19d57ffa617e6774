/// One challenge of a `WWW-Authenticate` header (RFC 9110 §11.6.1): a scheme and its auth
/// parameters. What a protected resource says it needs — where its metadata is (RFC 9728 §5.1),
/// which error (RFC 6750 §3), the scope, the authentication level (RFC 9470 §3) — is read from
/// here, through one parser that never traps on what a server sends.
public struct AuthenticationChallenge: Equatable, Sendable {
    /// Lower-cased (`bearer`, `dpop`): schemes compare case-insensitively.
    public let scheme: String
    /// Parameter names lower-cased; values unquoted, with their escapes undone.
    public let parameters: [String: String]

    public subscript(name: String) -> String? { parameters[name] }

    /// Every challenge in `header` (several may share one header line), in order. A malformed
    /// part ends the reading: what came before it is kept.
    public static func parse(_ header: String) -> [AuthenticationChallenge] {
        var reader = Reader(Array(header.utf8.prefix(16384)))
        var challenges: [AuthenticationChallenge] = []
        while true {
            reader.skip(whereIn: Reader.whitespaceOrComma)
            guard let scheme = reader.token(), !scheme.isEmpty else { break }
            var parameters: [String: String] = [:]
            var first = true
            while true {
                let mark = reader.index
                reader.skip(whereIn: Reader.whitespaceOrComma)
                guard let name = reader.token(), !name.isEmpty else { break }
                reader.skip(whereIn: Reader.whitespace)
                let isFirst = first
                first = false
                guard reader.take(UInt8(ascii: "=")) else {
                    // Right after the scheme, a lone word is its token68 (credentials, ignored);
                    // after a comma, the next challenge's scheme.
                    if isFirst, reader.atEnd || reader.peek == UInt8(ascii: ",") { break }
                    reader.index = mark
                    break
                }
                if reader.peek == UInt8(ascii: "=") || reader.atEnd || reader.peek == UInt8(ascii: ",") && isFirst {
                    // A token68 such as "abc==": not a parameter.
                    reader.skip(whereIn: [UInt8(ascii: "=")])
                    break
                }
                reader.skip(whereIn: Reader.whitespace)
                guard let value = reader.quotedString() ?? reader.token() else {
                    return challenges + [Self(scheme.lowercased(), parameters)]
                }
                let key = name.lowercased()
                if parameters[key] == nil { parameters[key] = value }  // the first of a repeated one counts
            }
            challenges.append(Self(scheme.lowercased(), parameters))
            if reader.atEnd { break }
        }
        return challenges
    }

    init(_ scheme: String, _ parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// Whether `header` holds a DPoP challenge with `error` (RFC 9449 §7.1, §9: `use_dpop_nonce`).
    public static func isDPoP(_ header: String?, error: String) -> Bool {
        parse(header ?? "").contains { $0.scheme == "dpop" && $0["error"] == error }
    }

    /// The header's first challenge of `scheme` (lower-case), if any.
    public static func first(_ scheme: String, in header: String?) -> AuthenticationChallenge? {
        guard let header else { return nil }
        return parse(header).first { $0.scheme == scheme }
    }

    /// A byte reader over the header: tokens (RFC 9110 §5.6.2) and quoted strings (§5.6.4).
    struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        static let whitespace: Set<UInt8> = [0x20, 0x09]
        static let whitespaceOrComma: Set<UInt8> = [0x20, 0x09, UInt8(ascii: ",")]
        static let tokenBytes: Set<UInt8> = Set(
            Array("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/:".utf8))

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func skip(whereIn set: Set<UInt8>) {
            while let byte = peek, set.contains(byte) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func token() -> String? {
            let start = index
            while let byte = peek, Self.tokenBytes.contains(byte) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : (atEnd ? nil : "")
        }

        mutating func quotedString() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var value: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: value, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek else { return nil }
                    index += 1
                    value.append(escaped)
                default: value.append(byte)
                }
            }
            return nil  // unterminated
        }
    }
}
