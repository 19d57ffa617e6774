/// Every message to stderr passes here, from the front and from authhelper-full: through the one
/// printable filter (`printableLines`), with the one prefix a person and a script recognise.
public enum StandardError {
    public static let errorPrefix = "authhelper: error: "

    public static func write(_ text: String) {
        FileDescriptorIO.writeAll(2, Array(printableLines(text).utf8))
    }

    /// `authhelper: error: <message>` on a line of its own.
    public static func error(_ message: String) {
        write(errorPrefix + message + "\n")
    }
}
