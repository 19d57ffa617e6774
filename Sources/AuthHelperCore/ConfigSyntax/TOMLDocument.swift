/// A strict parser for the part of TOML 1.0 that a config file of authhelper uses: `[table]`
/// headers with bare or quoted dotted keys, `key = value` lines, basic and literal strings,
/// integers, booleans, one-line arrays of strings, and comments. Everything else (other arrays,
/// inline tables, floats, dates,
/// multi-line strings, dotted keys on the left of `=`) is reported as an error with its line,
/// never guessed at.
///
/// Why not TOMLKit: it links Foundation's ICU data and libstdc++ into the binary, which made every
/// warm `authhelper header` slower and several times as large in memory as `secret-tool lookup`
/// (docs/speed.md, "Why the code is shaped this way"). The config needs none of that.
public struct TOMLDocument: Sendable {
    public enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case strings([String])

        public var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .boolean: "a boolean"
            case .strings: "an array"
            }
        }
    }

    /// One `key = value` line, with the table it belongs to.
    public struct Entry: Sendable {
        public let table: [String]
        public let key: String
        public let value: Value
        public let line: Int
    }

    public struct ParseError: Error, Sendable {
        public let line: Int
        public let reason: String
    }

    /// Entries in file order.
    public private(set) var entries: [Entry] = []
    /// Table headers in file order, with their lines.
    public private(set) var tables: [(path: [String], line: Int)] = []

    public init(parsing text: String) throws(ParseError) {
        var current: [String] = []
        var seenKeys = Set<[String]>()
        var seenTables = Set<[String]>()
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Scanner(Array(rawLine.utf8), line: lineNumber)
            line.skipSpaces()
            if line.atEndOrComment { continue }
            if line.peek == UInt8(ascii: "[") {
                line.advance()
                if line.peek == UInt8(ascii: "[") { throw line.error("arrays of tables ([[…]]) are not used in this file") }
                let path = try line.parseKeyPath(terminator: UInt8(ascii: "]"))
                guard line.peek == UInt8(ascii: "]") else { throw line.error("expected ']' to close the table header") }
                line.advance()
                line.skipSpaces()
                guard line.atEndOrComment else { throw line.error("unexpected text after the table header") }
                guard !seenTables.contains(path) else {
                    throw line.error("table [\(Scanner.excerpt(path.joined(separator: ".")))] is defined twice")
                }
                seenTables.insert(path)
                tables.append((path, lineNumber))
                current = path
                continue
            }
            let keyPath = try line.parseKeyPath(terminator: UInt8(ascii: "="))
            guard keyPath.count == 1 else { throw line.error("dotted keys are not supported here; use a [table] header") }
            guard line.peek == UInt8(ascii: "=") else { throw line.error("expected '=' after the key") }
            line.advance()
            line.skipSpaces()
            let value = try line.parseValue()
            line.skipSpaces()
            guard line.atEndOrComment else { throw line.error("unexpected text after the value") }
            let full = current + keyPath
            guard !seenKeys.contains(full) else { throw line.error("key '\(Scanner.excerpt(keyPath[0]))' is defined twice") }
            seenKeys.insert(full)
            entries.append(Entry(table: current, key: keyPath[0], value: value, line: lineNumber))
        }
    }

    /// Tables that sit directly under `parent` (e.g. each `[profiles.NAME]` under `profiles`).
    public func childTables(of parent: [String]) -> [(name: String, line: Int)] {
        tables.filter { $0.path.count == parent.count + 1 && Array($0.path.prefix(parent.count)) == parent }
            .map { ($0.path.last!, $0.line) }
    }

    public func entries(in table: [String]) -> [Entry] { entries.filter { $0.table == table } }
}

/// Reads one line byte by byte.
private struct Scanner {
    let bytes: [UInt8]
    let line: Int
    var index = 0

    init(_ bytes: [UInt8], line: Int) {
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        self.bytes = bytes
        self.line = line
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var atEndOrComment: Bool { peek == nil || peek == UInt8(ascii: "#") }
    mutating func advance() { index += 1 }

    func error(_ reason: String) -> TOMLDocument.ParseError { TOMLDocument.ParseError(line: line, reason: reason) }

    /// The offending text as a message quotes it: through the printable filter, cut short (a
    /// file that is not a config, `/proc/self/environ` say, must not be echoed to a terminal).
    static func excerpt(_ text: String) -> String { printable(text, limit: 24) }

    mutating func skipSpaces() {
        while let c = peek, c == 0x20 || c == 0x09 { advance() }
    }

    static func isBare(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
    }

    /// `a.b."c d"` up to `terminator` (not consumed).
    mutating func parseKeyPath(terminator: UInt8) throws(TOMLDocument.ParseError) -> [String] {
        var path: [String] = []
        while true {
            skipSpaces()
            guard let c = peek else { throw error("unexpected end of line in a key") }
            if c == UInt8(ascii: "\"") {
                path.append(try parseBasicString())
            } else if c == UInt8(ascii: "'") {
                path.append(try parseLiteralString())
            } else {
                let start = index
                while let c = peek, Scanner.isBare(c) { advance() }
                guard index > start else { throw error("invalid character in a key") }
                path.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipSpaces()
            if peek == UInt8(ascii: ".") {
                advance()
                continue
            }
            guard peek == terminator else { throw error("expected '\(Character(Unicode.Scalar(terminator)))'") }
            return path
        }
    }

    mutating func parseValue() throws(TOMLDocument.ParseError) -> TOMLDocument.Value {
        guard let c = peek else { throw error("a value is missing after '='") }
        switch c {
        case UInt8(ascii: "\""):
            if bytes[index...].starts(with: Array("\"\"\"".utf8)) { throw error("multi-line strings are not supported here") }
            return .string(try parseBasicString())
        case UInt8(ascii: "'"):
            if bytes[index...].starts(with: Array("'''".utf8)) { throw error("multi-line strings are not supported here") }
            return .string(try parseLiteralString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let start = index
            while let c = peek, Scanner.isBare(c) { advance() }
            switch String(decoding: bytes[start..<index], as: UTF8.self) {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: throw error("invalid value (strings need quotes)")
            }
        case UInt8(ascii: "["): return .strings(try parseStringArray())
        case UInt8(ascii: "{"): throw error("inline tables are not used in this file")
        default:
            let start = index
            while let c = peek, c != 0x20, c != 0x09, c != UInt8(ascii: "#") { advance() }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if let integer = Scanner.integer(text) { return .integer(integer) }
            if text.contains(".") || text.contains("e") || text.contains("E") || text.contains(":") || text == "inf" || text == "nan" {
                throw error("'\(Scanner.excerpt(text))' is a float or date; this file uses whole numbers only")
            }
            throw error("invalid value '\(Scanner.excerpt(text))' (strings need quotes)")
        }
    }

    /// `["a", 'b',]` on one line: strings only, as `also_for` needs.
    mutating func parseStringArray() throws(TOMLDocument.ParseError) -> [String] {
        advance()
        var items: [String] = []
        while true {
            skipSpaces()
            guard let c = peek else { throw error("unterminated array (arrays are written on one line here)") }
            if c == UInt8(ascii: "]") {
                advance()
                return items
            }
            switch c {
            case UInt8(ascii: "\""): items.append(try parseBasicString())
            case UInt8(ascii: "'"): items.append(try parseLiteralString())
            default: throw error("arrays hold only strings in this file")
            }
            skipSpaces()
            if peek == UInt8(ascii: ",") {
                advance()
            } else if peek != UInt8(ascii: "]") {
                throw error("expected ',' or ']' in the array")
            }
        }
    }

    /// TOML integers: optional sign, digits with single underscores between them, no leading zeros.
    static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        var sign = 1
        if digits.first == "+" || digits.first == "-" {
            sign = digits.first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        guard let first = digits.first, first.isASCII, first.isNumber, !digits.hasSuffix("_"), !digits.contains("__") else { return nil }
        if first == "0" && digits.count > 1 { return nil }
        let cleaned = digits.filter { $0 != "_" }
        guard cleaned.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(cleaned) else { return nil }
        return sign * value
    }

    mutating func parseLiteralString() throws(TOMLDocument.ParseError) -> String {
        advance()
        let start = index
        while let c = peek, c != UInt8(ascii: "'") {
            if c < 0x20 && c != 0x09 { throw error("control character in a string") }
            advance()
        }
        guard peek == UInt8(ascii: "'") else { throw error("unterminated string") }
        let text = try utf8(bytes[start..<index])
        advance()
        return text
    }

    mutating func parseBasicString() throws(TOMLDocument.ParseError) -> String {
        advance()
        var out: [UInt8] = []
        while let c = peek {
            if c == UInt8(ascii: "\"") {
                advance()
                return try utf8(out[...])
            }
            if c < 0x20 && c != 0x09 || c == 0x7F { throw error("control character in a string; escape it") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                advance()
                continue
            }
            advance()
            guard let escape = peek else { break }
            advance()
            switch escape {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let length = escape == UInt8(ascii: "u") ? 4 : 8
                guard index + length <= bytes.count,
                    let value = UInt32(String(decoding: bytes[index..<(index + length)], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(value)
                else { throw error("invalid \\u escape") }
                index += length
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape '\\\(printable(String(Character(Unicode.Scalar(escape))), limit: 1))'")
            }
        }
        throw error("unterminated string")
    }

    func utf8(_ slice: ArraySlice<UInt8>) throws(TOMLDocument.ParseError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8") }
        return text
    }
}
