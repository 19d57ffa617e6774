/// Finds the token endpoint again (from the issuer's metadata) when the recorded one is gone.
public protocol Rediscovery: Sendable {
    func tokenEndpoint() throws(AuthError) -> EndpointURL
}

/// A standard OAuth 2.0 authorization server: the password grant (RFC 6749 §4.3) and the refresh
/// grant (§6) at its token endpoint, with the client authentication it supports, and revocation
/// (RFC 7009) where it has an endpoint. Error answers (§5.2) map onto the contract's exit codes.
public struct OAuth2Server: TokenServer {
    public let profile: Profile
    let tokenURL: EndpointURL
    let http: any HTTPTransport
    let diagnostics: Diagnostics
    let clock: any TimeSource
    /// Finds the token endpoint again when the recorded one answers 404 (the server moved it);
    /// nil without an issuer to ask.
    let rediscovery: (any Rediscovery)?
    /// Where the DPoP nonces servers give are kept between processes (nil: not kept).
    var nonces: DPoPNonceMemory?

    public init(
        profile: Profile, tokenURL: EndpointURL, diagnostics: Diagnostics, transport: any HTTPTransport, clock: any TimeSource,
        rediscovery: (any Rediscovery)? = nil
    ) {
        self.profile = profile
        self.tokenURL = tokenURL
        self.http = transport
        self.diagnostics = diagnostics
        self.clock = clock
        self.rediscovery = rediscovery
    }

    public func logIn(password: String, clientSecret: String?) throws(AuthError) -> TokenGrant {
        var fields = [("grant_type", "password"), ("username", profile.username), ("password", password)]
        if let scope = profile.scope { fields.append(("scope", scope)) }
        fields += profile.resourceFields
        let withoutClientID = profile.passwordGrantWithoutClientID && clientSecret == nil
        let response = try postToTokenEndpoint(fields, clientSecret: clientSecret, withoutClientID: withoutClientID)
        diagnostics.debug("login answered HTTP \(response.status), \(response.body.count) bytes")
        return try readingFirstAnswer(response, clientSecret: clientSecret) { () throws(AuthError) in
            switch try TokenEndpointAnswer(response, url: tokenURL.text) {
            case .granted:
                let grant = try TokenResponseParser.parseGrant(
                    response.body, url: tokenURL.text, receivedAt: clock.now(), tokenType: tokenType)
                register(grant)
                return grant
            case .oauthError(let error) where error.code == "unauthorized_client":
                // RFC 6749 §5.2: this client may not use this grant — the password grant, here.
                throw .notPermitted(
                    """
                    The server does not let \(profile.clientID.map { "client '\(printable($0))'" } ?? "this client") log in with a \
                    password (\(error.summary)). Log in in a browser instead: `authhelper login --device` (any browser, any device) or \
                    `authhelper login --browser` (this desktop's). Nothing was stored.
                    """
                )
            case .oauthError(let error):
                throw error.loginError(clientID: profile.clientID, secretSent: clientSecret != nil)
            case .refusedWithoutExplanation(let status):
                if !withoutClientID, let grant = try passwordGrantWithoutClientID(fields, clientSecret: clientSecret, status: status) {
                    return grant
                }
                throw refusedLogin(status: status, ofPasswordBy: clientSecret == nil ? .publicClient : .confidentialClient)
            }
        }
    }

    /// A public client's password grant refused bare (400 or 403, no OAuth error) is tried once
    /// more without `client_id` in the form: Glewlwyd takes a public client's password grant only
    /// so, and refuses it bare, whatever the password, while the form names the client. No secret
    /// of the client is at stake (it has none); the password goes to the same token endpoint.
    private func passwordGrantWithoutClientID(_ fields: [(String, String)], clientSecret: String?, status: Int) throws(AuthError)
        -> TokenGrant?
    {
        guard clientSecret == nil, profile.clientID != nil, status == 400 || status == 403 else { return nil }
        diagnostics.debug("the password grant was refused bare (HTTP \(status)); trying once without client_id, as Glewlwyd wants")
        let response = try postToTokenEndpoint(fields, clientSecret: nil, withoutClientID: true)
        guard case .granted = try TokenEndpointAnswer(response, url: tokenURL.text) else { return nil }
        var grant = try TokenResponseParser.parseGrant(response.body, url: tokenURL.text, receivedAt: clock.now(), tokenType: tokenType)
        grant.tookPasswordWithoutClientID = true
        register(grant)
        return grant
    }

    /// Who a refused password login was for: a public client's may be refused for the client,
    /// not the password (Glewlwyd), so the logins without a password are named first.
    enum PasswordClient { case publicClient, confidentialClient }

    /// A login refused with 400, 401 or 403 and no OAuth error: bad credentials, a scope the
    /// user lacks or an unknown client look alike, so the message names what to check, the
    /// likeliest first: without a scope, the scope (strict servers refuse a request without one);
    /// for a public client's password, the logins in a browser the server offers; only then the
    /// password (#41: a right password was doubted).
    func refusedLogin(status: Int, ofPasswordBy client: PasswordClient? = nil) -> AuthError {
        var leads: [String] = []
        if profile.scope == nil { leads.append("No scope was asked for. \(OAuthError.scopeHint)") }
        let browserLogins = [
            profile.deviceAuthorizationURL.map { _ in "`authhelper login --device` (any browser, any device)" },
            profile.authorizationURL.map { _ in "`authhelper login --browser`" },
        ].compactMap { $0 }
        if client == .publicClient, !browserLogins.isEmpty {
            leads.append("The server offers logins without a password here: \(browserLogins.joined(separator: " or ")).")
        }
        let check = leads.isEmpty ? "Check" : leads.joined(separator: " ") + " Else check"
        let also = client == .publicClient && profile.clientID != nil ? ", also without client_id" : ""
        return .notPermitted(
            """
            The server refused the credentials or the request (HTTP \(status), without an explanation\(also)); nothing was stored. \
            \(check) the username, password and client ID.
            """
        )
    }

    /// What a grant must be: a DPoP-bound token when the request carried a proof.
    var tokenType: String { profile.dpopKey == nil ? "bearer" : "dpop" }

    /// The same server, proving possession of `key` (nil: bearer) on every request.
    func keyed(_ key: DPoPKey?) -> OAuth2Server {
        var profile = self.profile
        profile.dpopKey = key
        var server = OAuth2Server(
            profile: profile, tokenURL: tokenURL, diagnostics: diagnostics, transport: http, clock: clock, rediscovery: rediscovery)
        server.nonces = nonces
        return server
    }

    public func refresh(_ session: StoredSession, for audience: Audience) throws(AuthError) -> RefreshResult {
        // The session's own key: a refresh proves the same key, so the new token is bound to it.
        if session.key != profile.dpopKey { return try keyed(session.key).refresh(session, for: audience) }
        guard let refreshToken = session.refreshToken else { return .rejected(detail: "no refresh token is held") }
        diagnostics.registerToken(refreshToken)
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        fields += audience.resources.map { ("resource", $0) }
        if let scope = audience.scope ?? profile.scope { fields.append(("scope", scope)) }
        let response = try postToTokenEndpoint(fields, clientSecret: session.clientSecret)
        diagnostics.debug("refresh answered HTTP \(response.status), \(response.body.count) bytes")
        return try readRefreshAnswer(response, for: session, audience: audience, receivedAt: clock.now())
    }

    public func readRefreshAnswer(_ response: HTTPResponse, for session: StoredSession, audience: Audience, receivedAt: Int64)
        throws(AuthError) -> RefreshResult
    {
        if session.key != profile.dpopKey {
            return try keyed(session.key).readRefreshAnswer(response, for: session, audience: audience, receivedAt: receivedAt)
        }
        switch try TokenEndpointAnswer(response, url: tokenURL.text) {
        case .granted:
            let grant = try TokenResponseParser.parseGrant(response.body, url: tokenURL.text, receivedAt: receivedAt, tokenType: tokenType)
            register(grant)
            return .granted(grant)
        case .refusedWithoutExplanation(let status) where status == 403:
            throw .notPermitted(
                """
                The server refused the refresh (HTTP 403, without an explanation); the session was kept. Check the profile's \
                client_id and scope.
                """
            )
        case .refusedWithoutExplanation(let status):
            // 400 or 401 to a refresh: the refresh token is no longer accepted.
            return .rejected(detail: "HTTP \(status), without an explanation")
        case .oauthError(let error):
            switch error.code {
            // invalid_request: how deployed servers answer a refresh token they no longer have
            // (expired and purged, its server-side session deleted) instead of invalid_grant.
            case "invalid_grant", "invalid_request": return .rejected(detail: error.summary)
            case "invalid_target" where !audience.resources.isEmpty, "invalid_scope" where audience.scope != nil:
                // What was asked for, not the session, was refused: nothing was spent.
                let asked = error.code == "invalid_target" ? audience.resources.joined(separator: " ") : audience.scope ?? ""
                let what = error.code == "invalid_target" ? "a token for \(asked)" : "the scope '\(asked)'"
                throw .usage("The server refused \(what) (\(error.summary)); nothing stored was changed.")
            case "invalid_client", "unauthorized_client": throw OAuthError.clientRefused(profile.clientID, error, stored: true)
            case "temporarily_unavailable":
                throw .temporary("The server is temporarily unavailable (\(error.summary)); nothing was changed, try again later.")
            default:
                throw .notPermitted(
                    "The server refused the refresh (\(error.summary)); the session was kept. Check the profile's client_id and scope.")
            }
        }
    }

    /// Who logged in, from the userinfo endpoint (OpenID Connect Core §5.3): `preferred_username`,
    /// else `email`; never `sub`, an identifier no person reads as their name, which would greet
    /// them and go to git and the registries as the user name. Best effort: nil on any failure
    /// (it only labels the session).
    /// A DPoP-bound token goes as `DPoP` with a proof of the key (a server that holds userinfo to
    /// DPoP, as Glewlwyd does, refuses it as Bearer), with one retry for a nonce it asks for.
    public func userName(at url: EndpointURL, accessToken: String) -> String? {
        guard (try? url.origin.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)) != nil,
            let response = try? userinfoAnswer(at: url, accessToken: accessToken),
            response.status == 200, let claims = try? JSONValue.parse(response.body)
        else {
            diagnostics.debug("the userinfo endpoint \(url) told no name")
            return nil
        }
        for claim in ["preferred_username", "email"] {
            // Through the one printable filter before it is stored or shown (a U+202E, a C1 control).
            guard let raw = claims[claim]?.stringValue, !raw.isEmpty, raw.utf8.count <= 200 else { continue }
            let name = printable(raw, limit: 200)
            // Not docker's identity-token marker, which would become the registries' user name.
            guard (try? Profile.validateUsername(name)) != nil, name != DockerCredentialReply.identityTokenUsername else { continue }
            diagnostics.debug("the userinfo endpoint names the user by \(claim)")
            return name
        }
        return nil
    }

    /// One GET of the userinfo endpoint with the login's token, signed for a DPoP profile.
    private func userinfoAnswer(at url: EndpointURL, accessToken: String) throws(AuthError) -> HTTPResponse {
        let accept = ("Accept", "application/json")
        guard let key = profile.dpopKey else {
            let bearer = HTTPRequest(method: .get, url: url.text, headers: [("Authorization", "Bearer \(accessToken)"), accept])
            return try http.send(bearer, onResponse: {})
        }
        let request = HTTPRequest(method: .get, url: url.text, headers: [("Authorization", "DPoP \(accessToken)"), accept])
        return try sendProving(key, request, to: url, accessToken: accessToken) { answer in
            // A resource server asks in its challenge (RFC 9449 §9).
            answer.status == 401
                && AuthenticationChallenge.isDPoP(answer.authenticate, error: DPoPProof.useNonce)
        }
    }

    public var canRevoke: Bool { profile.revocationURL != nil }

    public func revoke(_ session: StoredSession) -> [String] {
        if session.key != profile.dpopKey { return keyed(session.key).revoke(session) }
        guard let url = profile.revocationURL else { return [] }
        var revoked: [String] = []
        // The refresh token first: revoking it usually ends the access tokens issued from it too.
        for (token, hint, name) in [
            (session.refreshToken, "refresh_token", "refresh token"), (session.accessToken, "access_token", "access token"),
        ] {
            guard let token else { continue }
            do {
                let response = try post([("token", token), ("token_type_hint", hint)], to: url, clientSecret: session.clientSecret)
                // RFC 7009 §2.2: 200 whether or not the token was valid.
                if response.status == 200 {
                    revoked.append(name)
                    diagnostics.debug("revoked the \(name) at \(url)")
                } else {
                    diagnostics.debug(
                        """
                        the server did not revoke the \(name) (HTTP \
                        \(response.status)\(OAuthError(response.body).map { ": \($0.summary)" } ?? ""))
                        """
                    )
                }
            } catch {
                diagnostics.debug("the \(name) was not revoked: \(error.message)")
            }
        }
        return revoked
    }

    /// The token endpoint as recorded; when it answers 404 and there is an issuer to ask, the
    /// endpoint is discovered again, once, and the request goes there (a 404 spent nothing).
    func postToTokenEndpoint(_ fields: [(String, String)], clientSecret: String?, withoutClientID: Bool = false) throws(AuthError)
        -> HTTPResponse
    {
        let fields = fields + profile.parameterFields
        let response = try post(fields, to: tokenURL, clientSecret: clientSecret, withoutClientID: withoutClientID)
        guard response.status == 404, let rediscovery else { return response }
        let moved = try rediscovery.tokenEndpoint()
        guard moved != tokenURL else { return response }
        // A session belongs to the origin that issued it (SessionBinding): an issuer that now
        // names a token endpoint elsewhere gets a new login, never this session's secrets.
        guard SessionBinding.origin(of: moved.origin) == SessionBinding.origin(of: tokenURL.origin) else {
            throw .notPermitted(
                """
                The token endpoint \(tokenURL) answered 404 and the issuer now names \(moved), on another origin; authhelper does not \
                send this session there. Run `authhelper login` to log in again.
                """
            )
        }
        diagnostics.debug("the token endpoint \(tokenURL) answered 404; the issuer now names \(moved)")
        return try post(fields, to: moved, clientSecret: clientSecret, withoutClientID: withoutClientID)
    }

    /// A form POST with the client's authentication; secrets only in the body or a header.
    func post(_ fields: [(String, String)], to url: EndpointURL, clientSecret: String?, withoutClientID: Bool = false) throws(AuthError)
        -> HTTPResponse
    {
        try url.origin.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)
        var fields = fields
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        let authentication = withoutClientID ? ClientAuthentication.anonymous : clientAuthentication(clientSecret)
        authentication.apply(to: &fields, headers: &headers)
        diagnostics.debug("POST \(url) (form: \(fields.map(\.0).joined(separator: ", ")); client authentication: \(authentication.name))")
        let body = Array(FormEncoding.encode(fields).utf8)
        let request = HTTPRequest(url: url.text, headers: headers, body: body)
        guard let key = profile.dpopKey else { return try http.send(request, onResponse: {}) }
        return try sendProving(key, request, to: url) { answer in
            // The token endpoint asks with an error (RFC 9449 §8).
            answer.status == 400 && OAuthError(answer.body)?.code == DPoPProof.useNonce
        }
    }

    /// Sends `request` with a fresh proof of `key` for every attempt (RFC 9449 §4), carrying the
    /// nonce `url`'s origin gave last; every nonce an answer gives is remembered, and an answer
    /// that `asksForNonce` gets exactly one retry with the nonce it sent (§8, §9). With
    /// `accessToken`, the proof is bound to it (`ath`).
    private func sendProving(
        _ key: DPoPKey, _ request: HTTPRequest, to url: EndpointURL, accessToken: String? = nil,
        asksForNonce: (HTTPResponse) -> Bool
    ) throws(AuthError) -> HTTPResponse {
        let origin = SessionBinding.origin(of: url.origin)
        var nonce = nonces?.nonce(for: origin)
        var attempt = 0
        while true {
            let proof = try DPoPProof.make(
                key: key, method: request.method.rawValue, url: url.text, now: clock.now(), nonce: nonce, accessToken: accessToken)
            var proven = request
            proven.headers.append(("DPoP", proof))
            let response = try http.send(proven, onResponse: {})
            if let given = response.dpopNonce { nonces?.remember(given, for: origin) }
            attempt += 1
            guard attempt == 1, asksForNonce(response), let given = response.dpopNonce, given != nonce else { return response }
            diagnostics.debug("the server asked for a DPoP nonce; sending the proof again with it")
            nonce = given
        }
    }

    func clientAuthentication(_ clientSecret: String?) -> ClientAuthentication {
        ClientAuthentication(
            clientID: profile.clientID, secret: clientSecret, supported: profile.tokenAuthMethods, chosen: profile.clientAuth)
    }

    /// Reads a first token request's answer (a login): on 400, 401 or 500 a confidential client's
    /// message says which authentication it used and how to choose the other.
    func readingFirstAnswer<T>(_ response: HTTPResponse, clientSecret: String?, _ read: () throws(AuthError) -> T) throws(AuthError) -> T {
        do {
            return try read()
        } catch {
            throw error.adding(clientAuthentication(clientSecret).refusalHint(status: response.status))
        }
    }

    func register(_ grant: TokenGrant) {
        diagnostics.registerToken(grant.accessToken)
        if let refresh = grant.refreshToken { diagnostics.registerToken(refresh) }
    }
}
