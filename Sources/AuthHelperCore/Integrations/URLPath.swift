/// URL paths compared the way a server resolves them, so a prefix check cannot be escaped:
/// percent-encoded unreserved characters decoded (RFC 3986 §2.3, `%2E` is `.`), then dot segments
/// removed (RFC 3986 §5.2.4). `api/../other` is `other`, which is not under `api`.
public enum URLPath {
    /// The normalised form of `path`, always starting with `/`.
    public static func normalized(_ path: String) -> String {
        let decoded = decodingUnreserved(path)
        var output: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst(decoded.hasPrefix("/") ? 1 : 0) {
            switch segment {
            case ".": continue
            case "..": _ = output.popLast()
            default: output.append(segment)
            }
        }
        // A trailing "." or ".." leaves a folder: keep the trailing slash it implies.
        if let last = decoded.split(separator: "/", omittingEmptySubsequences: false).last, last == "." || last == ".." {
            output.append("")
        }
        return "/" + output.joined(separator: "/")
    }

    /// Whether `path` (normalised) is `prefix` or lies under it. An empty prefix holds every path.
    public static func isWithin(_ path: String, prefix: String) -> Bool {
        guard !prefix.isEmpty else { return true }
        let normal = normalized(path)
        return normal == prefix || normal.hasPrefix(prefix + "/")
    }

    static func decodingUnreserved(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16),
                isUnreserved(value)
            {
                out.append(value)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        bytes = out
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isUnreserved(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
    }
}
