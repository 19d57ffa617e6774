/// The one filter for every value shown to a person (error messages, warnings, `-v`): a value
/// made safe for a terminal and cut to one short line.
///
/// Escaped: C0 controls and DEL (a newline would forge a second message, ESC starts terminal
/// escape sequences), C1 controls U+0080–U+009F (CSI and OSC on terminals that honour 8-bit
/// controls), and the Unicode bidirectional controls, which can make a shown value read
/// differently from what it is.
///
/// `limit` counts what is shown, escapes included, and a cut value ends in "…": so the filter is
/// idempotent (what it returns, it returns unchanged), and a value that passed it once — a name
/// an agent sends on — reads back the same.
public func printable(_ text: String, limit: Int = 80) -> String {
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
        let shown: String?
        if !Printable.needsEscape(scalar) {
            shown = nil
        } else {
            switch scalar {
            case "\n": shown = "\\n"
            case "\t": shown = "\\t"
            case "\r": shown = "\\r"
            default:
                shown =
                    scalar.value <= 0xFF
                    ? "\\x" + Printable.hex(scalar.value, width: 2) : "\\u{" + Printable.hex(scalar.value, width: 4) + "}"
            }
        }
        let width = shown?.utf8.count ?? 1
        if count + width > limit {
            out += "…"
            break
        }
        count += width
        if let shown { out += shown } else { out.unicodeScalars.append(scalar) }
    }
    return out
}

/// A message of several lines for the terminal (a notice, an error), each line through
/// `printable` without a length limit: its own line breaks stay, any other control does not. The
/// writers of stderr and of the terminal apply it to everything they write, so a server's text
/// that a message quoted without `printable` still reaches the terminal escaped.
public func printableLines(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0 != "\n" && Printable.needsEscape($0) }) else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { printable(String($0), limit: Int.max) }.joined(
        separator: "\n")
}

/// Bytes that may not be UTF-8 (a config file, a body), made printable the same way: invalid
/// sequences become U+FFFD, then `printable`.
public func printable(bytes: some Collection<UInt8>, limit: Int = 40) -> String {
    printable(String(decoding: Array(bytes.prefix(limit * 4)), as: UTF8.self), limit: limit)
}

public enum Printable {
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    public static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
