import FlyingFox
import Foundation

/// The grants where a person answers in a browser, as a server that approves at once: the device
/// authorization grant (RFC 8628) and the authorization code grant with PKCE S256 (RFC 7636), plus
/// RFC 8414 metadata naming the endpoints (issuer: this server's origin). The person is played by
/// the server itself: a device code is approved on its first poll and `GET /oauth/authorize`
/// redirects straight back — unless a fault (`device-poll`, `authorize`) says otherwise.
extension Routes {
    func metadata(_ request: HTTPRequest) -> HTTPResponse {
        json(200, metadataDocument(origin: origin(of: request)))
    }

    /// The same document at OpenID Connect Discovery's path, with the lists an OpenID client reads
    /// (oidc-agent, scripts/bench's peer, fails without `scopes_supported` and `grant_types_supported`).
    func openIDConfiguration(_ request: HTTPRequest) -> HTTPResponse {
        let openID: [String: Any] = [
            "scopes_supported": ["openid", "profile", "offline_access"],
            "grant_types_supported": ["password", "refresh_token", "authorization_code", "urn:ietf:params:oauth:grant-type:device_code"],
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["none"],
        ]
        return json(200, metadataDocument(origin: origin(of: request)).merging(openID) { $1 })
    }

    private func metadataDocument(origin: String) -> [String: Any] {
        [
            "issuer": origin,
            "token_endpoint": "\(origin)/oauth/token",
            "device_authorization_endpoint": "\(origin)/oauth/device_authorization",
            "authorization_endpoint": "\(origin)/oauth/authorize",
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
            "authorization_response_iss_parameter_supported": true,
            "dpop_signing_alg_values_supported": state.quirks.dpopAlgorithms,
        ].merging(optionalMetadata(origin)) { $1 }
    }

    /// What the quirks add: the revocation and userinfo endpoints, offline_access.
    private func optionalMetadata(_ origin: String) -> [String: Any] {
        var extra: [String: Any] = [:]
        if state.quirks.revocation { extra["revocation_endpoint"] = "\(origin)/oauth/revoke" }
        if state.quirks.userinfo { extra["userinfo_endpoint"] = "\(origin)/oauth/userinfo" }
        if state.quirks.refreshOnlyWithOfflineAccess { extra["scopes_supported"] = ["openid", "profile", "offline_access"] }
        return extra
    }

    /// `POST /oauth/device_authorization` (§3.1–3.2), with interval 1 s to keep tests short.
    func deviceAuthorization(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let fields = FormBody.decode(try await request.bodyData), let clientID = fields["client_id"], !clientID.isEmpty else {
            return json(400, ["error": "invalid_request", "error_description": "client_id is missing"])
        }
        let origin = self.origin(of: request)
        let (deviceCode, userCode) = await state.startDeviceLogin(clientID: clientID, scope: fields["scope"])
        let expiresIn = await state.deviceExpiresIn
        return json(
            200,
            [
                "device_code": deviceCode, "user_code": userCode,
                "verification_uri": "\(origin)/device", "verification_uri_complete": "\(origin)/device?user_code=\(userCode)",
                "expires_in": expiresIn, "interval": 1,
            ])
    }

    /// The token endpoint's device_code grant (§3.4–3.5): a fault answers first; else approved.
    /// `jkt`: the thumbprint of the key a DPoP proof showed; the tokens are bound to it.
    func devicePoll(_ fields: [String: String], jkt: String?) async throws -> HTTPResponse {
        await state.recordDevicePoll()
        guard let deviceCode = fields["device_code"], await state.deviceLoginExists(deviceCode) else {
            return json(400, ["error": "invalid_grant", "error_description": "unknown device_code"])
        }
        if let response = try await injected("device-poll") { return response }
        guard let login = await state.finishDeviceLogin(deviceCode) else {
            return json(400, ["error": "invalid_grant", "error_description": "device_code already used"])
        }
        await state.count("device_logins")
        return jsonData(200, await state.issue(for: login.username, atLogin: true, scope: login.scope, jkt: jkt))
    }

    /// `GET /oauth/authorize` (§4.1.1): checks the request, then redirects back with a code, or
    /// with what a fault asks for.
    func authorize(_ request: HTTPRequest) async throws -> HTTPResponse {
        await state.count("authorize_requests")
        let query = request.query
        guard query["response_type"] == "code", let clientID = query["client_id"], !clientID.isEmpty,
            let redirectURI = query["redirect_uri"], redirectURI.hasPrefix("http://127.0.0.1:"),
            let challenge = query["code_challenge"], query["code_challenge_method"] == "S256", let sentState = query["state"]
        else {
            return json(
                400,
                [
                    "error": "invalid_request",
                    "error_description":
                        "response_type=code, client_id, a loopback redirect_uri, state and an S256 code_challenge are required",
                ])
        }
        let issuer = origin(of: request)
        var back: [(String, String)] = [("state", sentState), ("iss", issuer)]
        // A query is form-encoded: "+" is a space (FlyingFox leaves it as it is).
        let scope = query["scope"]?.replacingOccurrences(of: "+", with: " ")
        var nonce = query["nonce"]
        if state.quirks.requireNonce, nonce == nil {
            // As the server the issue met: OpenID Connect makes nonce optional for the code flow,
            // this server does not.
            await state.count("nonce_missing")
            back.insert(contentsOf: [("error", "invalid_request"), ("error_description", "nonce required")], at: 0)
            let location = redirectURI + "?" + back.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
            return HTTPResponse(statusCode: .found, headers: [HTTPHeader("Location"): location], body: Data())
        }
        func issueCode() async -> String {
            await state.issueCode(challenge: challenge, redirectURI: redirectURI, scope: scope, nonce: nonce)
        }
        switch await state.takeFault(for: "authorize") {
        case .oauthError(let code)?:
            back.insert(("error", code), at: 0)
        case .wrongState?:
            back = [("code", await issueCode()), ("state", "another-login"), ("iss", issuer)]
        case .wrongIssuer?:
            back = [("code", await issueCode()), ("state", sentState), ("iss", "https://elsewhere.invalid")]
        case .noIssuer?:
            back = [("code", await issueCode()), ("state", sentState)]
        case .wrongNonce?:
            nonce = "another-login-s-nonce"
            back.insert(("code", await issueCode()), at: 0)
        default:
            back.insert(("code", await issueCode()), at: 0)
        }
        let location = redirectURI + "?" + back.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        return HTTPResponse(statusCode: .found, headers: [HTTPHeader("Location"): location], body: Data())
    }

    /// The token endpoint's authorization_code grant (§4.1.3): the code once, for the same
    /// redirect_uri, with the verifier whose SHA-256 is the challenge.
    func redeemCode(_ fields: [String: String], jkt: String?) async -> HTTPResponse {
        guard let code = fields["code"], let verifier = fields["code_verifier"], let redirectURI = fields["redirect_uri"],
            let issued = await state.takeCode(code)
        else {
            await state.count("code_rejections")
            return json(400, ["error": "invalid_grant", "error_description": "unknown or used code, or missing code_verifier"])
        }
        await state.recordCodeExchange(code: code, verifier: verifier)
        let digest = Base64URL.encode(Digests.sha256(Data(verifier.utf8)))
        guard digest == issued.challenge, redirectURI == issued.redirectURI else {
            await state.count("code_rejections")
            return json(400, ["error": "invalid_grant", "error_description": "code_verifier or redirect_uri does not match"])
        }
        await state.count("code_logins")
        return jsonData(
            200,
            await state.issue(for: state.accounts.keys.sorted().first!, atLogin: true, scope: issued.scope, nonce: issued.nonce, jkt: jkt))
    }

    func origin(of request: HTTPRequest) -> String {
        "http://\(request.headers[HTTPHeader("Host")] ?? "127.0.0.1")"
    }

    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
