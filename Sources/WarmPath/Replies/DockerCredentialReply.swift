/// What `docker-credential-authhelper get` prints, written once for the front and
/// authhelper-full: the protocol's JSON reply, and the one answer the tools expect for a
/// registry no profile claims.
public enum DockerCredentialReply {
    /// podman and containers/image ask every configured helper and accept only these words, on
    /// stdout, with exit 1, for "not mine" (docker-credential-helpers' credentials.NotFound).
    public static let notFound = "credentials not found in native keychain"

    /// The exit status of every failure of the protocol; its message goes to stdout.
    public static let failureStatus: Int32 = 1

    /// The most a request on stdin may hold (a registry name is short): below a pipe's 64 KiB, so
    /// the front can hand what it read on to authhelper-full through one.
    public static let requestLimit = 60 * 1024

    /// The user name by which docker reads the Secret as an identity token, which it then spends
    /// itself at the registry's realm in a refresh grant: never a user name authhelper answers.
    public static let identityTokenUsername = "<token>"

    /// `{"ServerURL":…,"Username":…,"Secret":…}` and a newline.
    public static func render(serverURL: String, username: String, secret: String) -> String {
        "{\"ServerURL\":\(JSONString.quoted(serverURL)),\"Username\":\(JSONString.quoted(username)),"
            + "\"Secret\":\(JSONString.quoted(secret))}\n"
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends (a request line as tools send it).
    public var trimmingSpaceAndNewlines: String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
