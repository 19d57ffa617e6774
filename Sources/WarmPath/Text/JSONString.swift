/// A double-quoted string with JSON's escapes, written once for every writer of JSON or TOML:
/// the core's JSON and config files, and the front's registry reply (which cannot import the core).
public enum JSONString {
    /// `value` as a double-quoted string with JSON's escapes (`\"`, `\\`, `\n`, `\r`, `\t`,
    /// `\uXXXX` for other control characters) — TOML's basic strings use the same, and also
    /// want DEL escaped (`escapingDelete`).
    ///
    /// Built on the UTF-8 bytes (everything escaped is ASCII, so no multi-byte sequence is ever
    /// split): a token of a kilobyte appended scalar by scalar was two thirds of the front's warm
    /// registry `get` (callgrind: 384k instructions against a warm `header`'s 115k).
    public static func quoted(_ value: String, escapingDelete: Bool = false) -> String {
        // Most values (tokens, URLs, names) need no escape at all.
        let (quote, backslash) = (UInt8(ascii: "\""), UInt8(ascii: "\\"))
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != quote && $0 != backslash && !(escapingDelete && $0 == 0x7F) }) {
            return "\"" + value + "\""
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(value.utf8.count + 2)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case _ where byte < 0x20 || (escapingDelete && byte == 0x7F):
                out += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
