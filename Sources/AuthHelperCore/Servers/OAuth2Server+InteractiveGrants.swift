/// The grants where the person answers in a browser: the device authorization grant (RFC 8628)
/// and the authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636). Their token requests
/// authenticate the client exactly as the password and refresh grants do.
extension OAuth2Server {
    static let deviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code"

    /// RFC 8628 §3.1: asks for a device code and a user code.
    public func authorizeDevice(clientSecret: String?) throws(AuthError) -> DeviceAuthorization {
        guard let url = profile.deviceAuthorizationURL else {
            throw .configuration("Profile '\(profile.name)' has no device_authorization_url; give --device-authorization-url, or an --issuer that publishes one.")
        }
        var fields: [(String, String)] = []
        if let scope = profile.scope { fields.append(("scope", scope)) }
        let response = try post(fields, to: url, clientSecret: clientSecret, signals: nil)
        diagnostics.debug("device authorization answered HTTP \(response.status), \(response.body.count) bytes")
        guard response.status == 200 else {
            if let error = OAuthError(response.body), [400, 401, 403].contains(response.status) {
                throw error.loginError(clientID: profile.clientID)
            }
            throw try TokenResponseParser.commonError(response, url: url.text)
        }
        let authorization = try DeviceAuthorization.parse(response.body, url: url.text)
        diagnostics.registerToken(authorization.deviceCode)
        return authorization
    }

    /// RFC 8628 §3.4: asks once whether the person has answered.
    public func pollDevice(_ authorization: DeviceAuthorization, clientSecret: String?) throws(AuthError) -> DevicePoll {
        let fields = [("grant_type", Self.deviceCodeGrantType), ("device_code", authorization.deviceCode)]
        let response = try postToTokenEndpoint(fields, clientSecret: clientSecret, signals: nil)
        diagnostics.debug("device poll answered HTTP \(response.status)")
        if response.status == 200 {
            return .granted(try grant(from: response))
        }
        if let error = OAuthError(response.body), [400, 401, 403].contains(response.status) {
            switch error.code {
            case "authorization_pending": return .pending
            case "slow_down": return .slowDown
            case "access_denied": return .denied
            case "expired_token": return .expired
            default: throw error.loginError(clientID: profile.clientID)
            }
        }
        throw try TokenResponseParser.commonError(response, url: tokenURL.text)
    }

    /// RFC 6749 §4.1.3 with RFC 7636 §4.5: trades the code the browser brought back, and the
    /// verifier only this process knows, for tokens.
    public func redeem(code: String, verifier: String, redirectURI: String, clientSecret: String?) throws(AuthError) -> TokenGrant {
        let fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", verifier),
        ]
        let response = try postToTokenEndpoint(fields, clientSecret: clientSecret, signals: nil)
        diagnostics.debug("authorization code exchange answered HTTP \(response.status), \(response.body.count) bytes")
        if response.status == 200 {
            return try grant(from: response)
        }
        if let error = OAuthError(response.body), [400, 401, 403].contains(response.status) {
            if error.code == "invalid_grant" {
                throw .notPermitted("The server did not accept the authorization code (\(error.summary)); nothing was stored. Log in again.")
            }
            throw error.loginError(clientID: profile.clientID)
        }
        throw try TokenResponseParser.commonError(response, url: tokenURL.text)
    }

    private func grant(from response: HTTPResponse) throws(AuthError) -> TokenGrant {
        let grant = try TokenResponseParser.parseGrant(response.body, url: tokenURL.text, receivedAt: clock.now())
        register(grant)
        return grant
    }
}
