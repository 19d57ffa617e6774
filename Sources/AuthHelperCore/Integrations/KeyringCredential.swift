/// The `keyring` command line as pip and uv run it (`--keyring-provider subprocess`): authhelper
/// installed as a program named `keyring` in a folder of its own. An adapter of the broker:
/// - `get URL USERNAME` (pip) prints the access token as the password;
/// - `--mode creds get URL [USERNAME]` (uv) prints a user name and the token on two lines;
/// - `set URL USERNAME` (pip, after a prompt) reads the password and keeps nothing;
/// - a URL no profile claims prints nothing and exits 1, so pip and uv go on without it.
/// pip's second lookup after a miss is by `HOST:PORT` alone; that is the URL `https://HOST:PORT/`.
public struct KeyringCredential {
    let context: AuthContext
    public init(context: AuthContext) { self.context = context }

    static let caller = CredentialBroker.Caller(protocolName: "the keyring command line of pip and uv", freshness: .tool)

    /// The exit status of a lookup no profile answers: keyring's own "not found".
    public static let notFoundStatus: Int32 = 1

    /// What to print for the words after `keyring`; nil: not found (exit 1, nothing printed).
    public func answer(_ arguments: [String]) throws(AuthError) -> String? {
        guard let words = KeyringWords(arguments) else {
            throw .usage("keyring: usage: keyring [--mode creds] get|set SERVICE [USERNAME] (authhelper answers for pip and uv).")
        }
        if words.operation == "set" {
            _ = context.input.readAll(limit: 1 << 20)
            return ""  // pip offers to save what the person typed: the session is authhelper's, nothing is kept
        }
        guard words.operation == "get", let url = RequestURL(words.serviceURL) else { return nil }
        let broker = CredentialBroker(context: context)
        guard let claim = try broker.claim(of: url, pathless: words.isHostOnly) else { return nil }
        let credential = try broker.credential(for: claim, caller: Self.caller)
        broker.remember(claim, credential: credential, tool: .keyring, lookup: words.service)
        return ToolReply.keyring(
            token: credential.token.accessToken, credsMode: words.credsMode, username: credential.username, asked: words.username)
    }
}
