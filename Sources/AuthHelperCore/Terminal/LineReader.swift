#if canImport(Glibc)
    import Glibc
#endif

/// Reads a single line byte by byte, so nothing past the newline is consumed from a shared
/// descriptor (stdin may carry a second line for the client secret).
public enum LineReader {
    public static let maxLength = 64 * 1024

    /// The line without its `\n` (and a `\r` before it); nil at end of input with nothing read.
    public static func readLine(fd: Int32) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count <= maxLength {
            let n = read(fd, &byte, 1)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
