/// An OAuth 2.0 error answer (RFC 6749 §5.2; RFC 7009 and RFC 8628 use the same shape):
/// `{"error": "invalid_grant", "error_description": "…"}`, and its place in the contract.
public struct OAuthError: Equatable, Sendable {
    public let code: String
    /// One printable line (control characters escaped, cut short).
    public let description: String?

    /// Nil when the body is not an OAuth error.
    public init?(_ body: [UInt8]) {
        guard let json = try? JSONValue.parse(body), let code = json["error"]?.stringValue, !code.isEmpty else { return nil }
        self.code = printable(code, limit: 60)
        self.description = json["error_description"]?.stringValue.map { printable($0, limit: 200) }
    }

    /// `invalid_grant: the refresh token has expired` — for messages.
    public var summary: String { code + (description.map { ": \($0)" } ?? "") }

    /// The sentence of a login refusal that a scope could fix. A login that read the server's
    /// metadata puts the scopes it lists in its place (`namingScopes`).
    static let scopeHint = "If the server needs a scope for this client, give --scope."

    /// `error` with the scope hint naming the scopes the server lists (`scopes_supported`);
    /// unchanged when it has no hint or the server lists none.
    public static func namingScopes(_ error: AuthError, _ scopes: [String]) -> AuthError {
        guard !scopes.isEmpty, error.message.contains(scopeHint) else { return error }
        let listed = scopes.joined(separator: " ")
        let example = (scopes.contains("openid") ? ["openid"] + scopes.filter { $0 != "openid" }.prefix(1) : Array(scopes.prefix(1)))
        let hint =
            "The server lists the scopes \(listed); give the ones this client needs, e.g. --scope '\(example.joined(separator: " "))'."
        return error.withMessage(error.message.replacing(scopeHint, with: hint))
    }

    /// What a refused client means, in one sentence naming the client ID. A public client (no
    /// secret sent) gets no client-secret advice: its ID is the one thing to check (#41).
    static func clientRefused(_ clientID: String?, _ error: OAuthError, stored: Bool, secretSent: Bool = true) -> AuthError {
        let client = clientID.map { "client ID '\(printable($0))'" } ?? "this client (no client_id is set)"
        let check =
            secretSent
            ? "check client_id in the profile and the client secret (`authhelper login --with-client-secret`)"
            : "check client_id in the profile against the one the server's administrator registered for this tool"
        return .notPermitted(
            "The server does not accept \(client) (\(error.summary)); \(check). \(stored ? "The session was kept." : "Nothing was stored.")"
        )
    }

    /// The contract's error for an OAuth error answer to a login (nothing is stored after it).
    public func loginError(clientID: String?, secretSent: Bool = true) -> AuthError {
        switch code {
        case "invalid_grant":
            return .notPermitted("The server rejected the username or password (\(summary)); nothing was stored.")
        case "invalid_client", "unauthorized_client":
            return Self.clientRefused(clientID, self, stored: false, secretSent: secretSent)
        case "temporarily_unavailable":
            return .temporary("The server is temporarily unavailable (\(summary)); nothing was changed, try again later.")
        case "invalid_scope":
            return .notPermitted("The server refused the scope asked for (\(summary)); nothing was stored. \(Self.scopeHint)")
        case "unsupported_grant_type":
            return .notPermitted("The server does not allow the password grant for this client (\(summary)); nothing was stored.")
        default:
            return .notPermitted("The server refused the login (\(summary)); nothing was stored.")
        }
    }
}
