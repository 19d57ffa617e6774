/// A double-quoted string with JSON's escapes, written once for every writer of JSON or TOML:
/// the core's JSON and config files, and the front's registry reply (which cannot import the core).
public enum JSONString {
    /// `value` as a double-quoted string with JSON's escapes (`\"`, `\\`, `\n`, `\r`, `\t`,
    /// `\uXXXX` for other control characters) — TOML's basic strings use the same, and also
    /// want DEL escaped (`escapingDelete`).
    public static func quoted(_ value: String, escapingDelete: Bool = false) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (escapingDelete && scalar.value == 0x7F):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
