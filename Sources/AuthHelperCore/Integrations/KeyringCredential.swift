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
    public func answer(_ words: [String]) throws(AuthError) -> String? {
        var rest = words[...]
        var credsMode = false
        while let first = rest.first, first.hasPrefix("-") {
            rest = rest.dropFirst()
            if first == "--mode", let mode = rest.popFirst() {
                credsMode = mode == "creds"
            } else if first.hasPrefix("--mode=") {
                credsMode = first == "--mode=creds"
            } else if first == "-b" || first == "--keyring-backend" || first == "--keyring-path" {
                _ = rest.popFirst()  // keyring's own backend choice means nothing here
            }
        }
        guard let operation = rest.popFirst(), let service = rest.popFirst() else {
            throw .usage("keyring: usage: keyring [--mode creds] get|set SERVICE [USERNAME] (authhelper answers for pip and uv).")
        }
        if operation == "set" {
            _ = context.input.readAll(limit: 1 << 20)
            return ""  // pip offers to save what the person typed: the session is authhelper's, nothing is kept
        }
        guard operation == "get" else { return nil }
        let hostOnly = !service.contains("://")
        let broker = CredentialBroker(context: context)
        guard let url = RequestURL(hostOnly ? "https://" + service + "/" : service) else { return nil }
        if hostOnly, !URLClaim.holdsWholeOrigin(url, in: try context.loadConfig()) {
            context.diagnostics.debug("\(printable(service)) alone does not say which profile: profiles claim parts of it by path")
            return nil
        }
        guard let claim = try broker.claim(of: url) else { return nil }
        let credential = try broker.credential(for: claim, caller: Self.caller)
        guard credsMode else { return credential.token.accessToken + "\n" }
        let name = credential.username.isEmpty ? (rest.first ?? "oauth2accesstoken") : credential.username
        return name + "\n" + credential.token.accessToken + "\n"
    }
}
