/// How real identity providers depart from the letter of the RFCs, each switched on from the
/// command line so a test can meet it: what the tests of "identity providers as they are" run
/// against besides the real servers.
struct ProviderQuirks: Sendable {
    /// A confidential client and the one client authentication it is registered for.
    struct Client: Sendable {
        let secret: String
        /// `client_secret_basic` or `client_secret_post`.
        let method: String
    }

    /// `expires_in` as a string of digits (older Azure AD endpoints).
    var expiresInAsString = false
    /// The authorization endpoint refuses a request without `nonce`; the code exchange returns an
    /// `id_token` carrying it.
    var requireNonce = false
    /// A refresh token only when the scope holds `offline_access` (OpenID Connect Core §11);
    /// the metadata lists the scope.
    var refreshOnlyWithOfflineAccess = false
    /// Confidential clients: one answered with any other authentication gets HTTP 500 and an
    /// empty body, as the server the issue met did.
    var clients: [String: Client] = [:]
    /// A revocation endpoint that answers 401 to a public client (it wants client authentication).
    var revocation = false
    /// A userinfo endpoint (OpenID Connect Core §5.3).
    var userinfo = false
    /// Access and refresh tokens padded to at least this many bytes with a `groups` claim, as
    /// identity providers with group claims send them (kilobytes each).
    var tokenSize = 0
    /// The APIs this server issues tokens for (RFC 8707 resource indicators); a token request
    /// naming any other is refused with `invalid_target`.
    var resources: Set<String> = []
    /// DPoP (RFC 9449): the nonce every proof at the token endpoint must carry (nil: none asked),
    /// and the proof algorithms the metadata lists.
    var dpopNonce: String?
    var dpopAlgorithms = ["ES256"]

    /// `ID:SECRET:METHOD`.
    static func client(_ spec: String) -> (String, Client)? {
        let parts = spec.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, ["client_secret_basic", "client_secret_post"].contains(parts[2]) else { return nil }
        return (parts[0], Client(secret: parts[1], method: parts[2]))
    }
}
