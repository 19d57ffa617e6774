/// What `header` and `token` print, written once for the front, the fast path of authhelper-full
/// and the commands: the line, and the exit status when stdout cannot take it.
public enum TokenProduct: Sendable {
    case header
    case bare

    /// The exit status when stdout cannot take the product (a closed pipe, a full disk): the
    /// caller must not take an empty answer for a token.
    public static let outputFailedStatus: Int32 = 1

    /// The product without its newline (also `exec --header-env`'s value).
    public func text(for accessToken: String) -> String {
        switch self {
        case .header: "Authorization: Bearer \(accessToken)"
        case .bare: accessToken
        }
    }

    /// The line printed: the product and a newline.
    public func line(for accessToken: String) -> String { text(for: accessToken) + "\n" }

    /// Writes the line to stdout in one write where the pipe takes it; false when stdout cannot
    /// take it (then `outputFailedStatus`).
    public func write(for accessToken: String) -> Bool {
        FileDescriptorIO.writeAll(1, Array(line(for: accessToken).utf8))
    }
}
