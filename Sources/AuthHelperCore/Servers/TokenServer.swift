/// A server that turns a grant into a token set and a refresh token into a new one. Two kinds:
/// the seed's own endpoints (SeedServer) and standard OAuth 2.0 (OAuth2Server). The refresh
/// discipline (TokenService) talks only to this protocol and does not know which kind it has.
public protocol TokenServer: Sendable {
    /// The password grant.
    func logIn(password: String, clientSecret: String?) throws(AuthError) -> TokenGrant

    /// Spends `session`'s refresh token. A grant without a refresh token means the server does
    /// not rotate: the caller keeps the old one. (Holding signals until the new pair is stored is
    /// the caller's part of the refresh discipline, not the server's.)
    ///
    /// `audience`: the token asked for names these resources (RFC 8707 §2.2) and this narrower
    /// scope (RFC 6749 §6). Only the OAuth 2.0 kind takes one; TokenService refuses it for the seed's.
    func refresh(_ session: StoredSession, for audience: Audience) throws(AuthError) -> RefreshResult

    /// Reads the answer to a refresh of `session`: the one `refresh` got, or one a refresh
    /// courier kept in the journal for a caller that was killed before it could read it.
    func readRefreshAnswer(_ response: HTTPResponse, for session: StoredSession, audience: Audience, receivedAt: Int64)
        throws(AuthError) -> RefreshResult

    /// Whether the server has a revocation endpoint (RFC 7009).
    var canRevoke: Bool { get }

    /// Revokes the refresh token, then the access token, best effort within the request
    /// timeout; never throws. Returns what the server confirmed revoked ("refresh token", …).
    func revoke(_ session: StoredSession) -> [String]
}

extension TokenServer {
    /// A refresh for the profile's own token.
    public func refresh(_ session: StoredSession) throws(AuthError) -> RefreshResult { try refresh(session, for: .profileDefault) }
}
