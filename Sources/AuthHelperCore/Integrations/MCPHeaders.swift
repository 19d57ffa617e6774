/// The headers helper of MCP clients (Claude Code's `headersHelper`, and any client that takes a
/// JSON object of headers from a command): the MCP server's URL (`CLAUDE_CODE_MCP_SERVER_URL`, or
/// `--url`) chooses the profile and resource, and the answer is `{"Authorization":"Bearer …"}`.
/// An adapter of the broker. A URL no profile claims is an error, not an empty object: the user
/// configured the helper for that server, and connecting without a token would hide the mistake.
public struct MCPHeaders {
    let context: AuthContext
    public init(context: AuthContext) { self.context = context }

    /// The client runs the helper only when it (re)connects: ten minutes where the server grants it.
    static let caller = CredentialBroker.Caller(protocolName: "an MCP client's headers helper", freshness: .tool)

    /// The environment variable Claude Code sets to the server's URL for its headersHelper.
    public static let serverURLVariable = "CLAUDE_CODE_MCP_SERVER_URL"

    public func answer(url flag: String?) throws(AuthError) -> String {
        guard let text = flag ?? context.environment[Self.serverURLVariable], !text.isEmpty else {
            throw .usage(
                "Which MCP server? Give --url URL, or run this as the client's headers helper (it sets \(Self.serverURLVariable)).")
        }
        let broker = CredentialBroker(context: context)
        guard text.contains("://"), let url = RequestURL(text) else {
            throw .usage("'\(printable(text))' is not an http(s) URL of an MCP server.")
        }
        guard let claim = try broker.claim(of: url) else {
            throw .notPermitted(
                """
                No profile claims the MCP server \(printable(url.description)) (by its server, also_for or resources), so it gets \
                no token. Log in for it (`authhelper login --server \(printable(url.description)) …`) or add it to a profile's \
                resources or also_for.
                """)
        }
        let token = try broker.credential(for: claim, caller: Self.caller).token
        return "{\"Authorization\":\(JSONString.quoted("Bearer " + token.accessToken))}\n"
    }
}
