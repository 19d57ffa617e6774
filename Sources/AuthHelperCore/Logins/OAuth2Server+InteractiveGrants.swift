/// The grants where the person answers in a browser: the device authorization grant (RFC 8628)
/// and the authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636). Their token requests
/// authenticate the client exactly as the password and refresh grants do.
extension OAuth2Server {
    static let deviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code"

    /// RFC 8628 §3.1: asks for a device code and a user code.
    public func authorizeDevice(clientSecret: String?) throws(AuthError) -> DeviceAuthorization {
        guard let url = profile.deviceAuthorizationURL else {
            throw .configuration(
                """
                Profile '\(profile.name)' has no device_authorization_url; give --device-authorization-url, or an --issuer that \
                publishes one.
                """
            )
        }
        var fields: [(String, String)] = []
        if let scope = profile.scope { fields.append(("scope", scope)) }
        fields += profile.resourceFields
        fields += profile.parameterFields
        let response = try post(fields, to: url, clientSecret: clientSecret)
        diagnostics.debug("device authorization answered HTTP \(response.status), \(response.body.count) bytes")
        try readingFirstAnswer(response, clientSecret: clientSecret) { () throws(AuthError) in
            switch try TokenEndpointAnswer(response, url: url.text) {
            case .granted: break
            case .oauthError(let error): throw error.loginError(clientID: profile.clientID, secretSent: clientSecret != nil)
            case .refusedWithoutExplanation(let status): throw refusedLogin(status: status)
            }
        }
        let authorization = try DeviceAuthorization.parse(response.body, url: url.text)
        diagnostics.registerToken(authorization.deviceCode)
        return authorization
    }

    /// RFC 8628 §3.4: asks once whether the person has answered.
    public func pollDevice(_ authorization: DeviceAuthorization, clientSecret: String?) throws(AuthError) -> DevicePoll {
        let fields = [("grant_type", Self.deviceCodeGrantType), ("device_code", authorization.deviceCode)]
        let response = try postToTokenEndpoint(fields, clientSecret: clientSecret)
        diagnostics.debug("device poll answered HTTP \(response.status)")
        switch try TokenEndpointAnswer(response, url: tokenURL.text) {
        case .granted:
            return .granted(try grant(from: response))
        case .oauthError(let error):
            switch error.code {
            case "authorization_pending": return .pending
            case "slow_down": return .slowDown
            case "access_denied": return .denied
            case "expired_token": return .expired
            default: throw error.loginError(clientID: profile.clientID)
            }
        case .refusedWithoutExplanation(let status):
            throw refusedLogin(status: status)
        }
    }

    /// RFC 6749 §4.1.3 with RFC 7636 §4.5: trades the code the browser brought back, and the
    /// verifier only this process knows, for tokens. With a `nonce` (sent because the scope asked
    /// for OpenID Connect), an `id_token` that comes back must carry it (OpenID Connect Core
    /// §3.1.3.7): the token endpoint is reached over TLS, so its signature need not be checked
    /// for this.
    public func redeem(code: String, verifier: String, redirectURI: String, clientSecret: String?, nonce: String? = nil) throws(AuthError)
        -> TokenGrant
    {
        let fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", verifier),
        ]
        let response = try postToTokenEndpoint(fields, clientSecret: clientSecret)
        diagnostics.debug("authorization code exchange answered HTTP \(response.status), \(response.body.count) bytes")
        return try readingFirstAnswer(response, clientSecret: clientSecret) { () throws(AuthError) in
            switch try TokenEndpointAnswer(response, url: tokenURL.text) {
            case .granted:
                if let nonce { try checkNonce(nonce, in: response.body) }
                return try grant(from: response)
            case .oauthError(let error) where error.code == "invalid_grant":
                throw .notPermitted(
                    "The server did not accept the authorization code (\(error.summary)); nothing was stored. Log in again.")
            case .oauthError(let error):
                throw error.loginError(clientID: profile.clientID)
            case .refusedWithoutExplanation(let status):
                throw refusedLogin(status: status)
            }
        }
    }

    /// The `nonce` of the answer's `id_token`, if one came, must be this login's.
    func checkNonce(_ nonce: String, in body: [UInt8]) throws(AuthError) {
        guard let idToken = (try? JSONValue.parse(body))?["id_token"] else { return }
        guard let claims = idToken.stringValue.flatMap(JWT.claims(of:)) else {
            throw .malformedResponse("The server's id_token is not a JWT; nothing was stored.")
        }
        guard claims["nonce"]?.stringValue == nonce else {
            throw .notPermitted(
                """
                The server's id_token carries \(claims["nonce"] == nil ? "no nonce" : "another login's nonce") (OpenID Connect Core \
                §3.1.3.7): it is not the answer to this login; nothing was stored.
                """
            )
        }
    }

    private func grant(from response: HTTPResponse) throws(AuthError) -> TokenGrant {
        let grant = try TokenResponseParser.parseGrant(response.body, url: tokenURL.text, receivedAt: clock.now(), tokenType: tokenType)
        register(grant)
        return grant
    }
}
