/// The seed API's endpoints (`/auth/jwt/login`, `/auth/jwt/refresh` or `postman-refresh`).
/// Sends secrets only in the body or a header, never in a URL. It has no revocation endpoint.
public struct SeedServer: TokenServer {
    public let profile: Profile
    let http: any HTTPTransport
    let diagnostics: Diagnostics
    let clock: any TimeSource

    public init(profile: Profile, diagnostics: Diagnostics, transport: any HTTPTransport, clock: any TimeSource) {
        self.profile = profile
        self.http = transport
        self.diagnostics = diagnostics
        self.clock = clock
    }

    /// Whether `{server}/auth/jwt/login` is there, asked without any secret: a GET, which the seed
    /// API answers 405 (its route takes POST) and a server without it 404.
    public func hasLoginEndpoint() throws(AuthError) -> Bool {
        try profile.server.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)
        let url = profile.server.endpoint("/auth/jwt/login")
        diagnostics.debug("GET \(url) (no credentials: is the seed's login API there?)")
        let response = try http.send(HTTPRequest(method: .get, url: url, headers: [("Accept", "application/json")]), onResponse: {})
        diagnostics.debug("it answered HTTP \(response.status)")
        return response.status != 404
    }

    /// `POST {server}/auth/jwt/login` with the password grant.
    public func logIn(password: String, clientSecret: String?) throws(AuthError) -> TokenGrant {
        try profile.server.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)
        // The password and client secret are never formatted into a message, so they are not
        // registered for redaction: masking them by value would give away a password that is
        // an ordinary word ("as [redacted]" for a password equal to the user name).
        var fields = [("grant_type", "password"), ("username", profile.username), ("password", password)]
        if let scope = profile.scope { fields.append(("scope", scope)) }
        if let clientID = profile.clientID { fields.append(("client_id", clientID)) }
        if let clientSecret { fields.append(("client_secret", clientSecret)) }
        let url = profile.server.endpoint("/auth/jwt/login")
        diagnostics.debug(
            "POST \(url) (form: grant_type, username, password\(profile.scope == nil ? "" : ", scope")"
                + "\(profile.clientID == nil ? "" : ", client_id")\(clientSecret == nil ? "" : ", client_secret"))"
        )
        let response = try http.send(
            HTTPRequest(
                url: url,
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                body: Array(FormEncoding.encode(fields).utf8)), onResponse: {})
        diagnostics.debug("login answered HTTP \(response.status), \(response.body.count) bytes")
        let grant = try TokenResponseParser.parseLogin(response, url: url, receivedAt: clock.now())
        register(grant)
        return grant
    }

    /// `POST {server}/auth/jwt/refresh` (or postman-refresh) with the token in the `refresh-token`
    /// header. It takes no resource or scope (TokenService never asks it for an audience).
    public func refresh(_ session: StoredSession, for audience: Audience) throws(AuthError) -> RefreshResult {
        guard let refreshToken = session.refreshToken else { return .rejected(detail: "no refresh token is held") }
        try profile.server.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)
        diagnostics.registerToken(refreshToken)
        let url = profile.server.endpoint(profile.refreshEndpoint.path)
        diagnostics.debug("POST \(url) (refresh-token header)")
        let response = try http.send(
            HTTPRequest(
                url: url, headers: [("refresh-token", refreshToken), ("Accept", "application/json")]),
            onResponse: {})
        diagnostics.debug("refresh answered HTTP \(response.status), \(response.body.count) bytes")
        return try readRefreshAnswer(response, for: session, audience: audience, receivedAt: clock.now())
    }

    public func readRefreshAnswer(_ response: HTTPResponse, for session: StoredSession, audience: Audience, receivedAt: Int64)
        throws(AuthError) -> RefreshResult
    {
        let result = try TokenResponseParser.parseRefresh(
            response, url: profile.server.endpoint(profile.refreshEndpoint.path), receivedAt: receivedAt)
        if case .granted(let grant) = result { register(grant) }
        return result
    }

    private func register(_ grant: TokenGrant) {
        diagnostics.registerToken(grant.accessToken)
        if let refresh = grant.refreshToken { diagnostics.registerToken(refresh) }
    }

    public var canRevoke: Bool { false }

    public func revoke(_ session: StoredSession) -> [String] { [] }
}
