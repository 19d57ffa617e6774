import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP surface of the development server.
struct Routes: Sendable {
    let state: ServerState

    func install(on server: HTTPServer) async {
        await server.appendRoute("POST /auth/jwt/login") { request in try await login(request) }
        // What the seed (FastAPI) answers a GET to its login route: the route is there, not for GET.
        await server.appendRoute("GET /auth/jwt/login") { _ in json(405, ["detail": "Method Not Allowed"]) }
        await server.appendRoute("POST /auth/jwt/refresh") { request in try await refresh(request, counter: "refreshes") }
        await server.appendRoute("POST /auth/jwt/postman-refresh") { request in try await refresh(request, counter: "postman_refreshes") }
        await server.appendRoute("GET /users/me") { request in try await usersMe(request) }
        await server.appendRoute("POST /oauth/token") { request in try await oauthToken(request) }
        await server.appendRoute("POST /oauth/revoke") { request in try await revoke(request) }
        await server.appendRoute("GET /oauth/userinfo") { request in await userinfo(request) }
        await server.appendRoute("POST /oauth/introspect") { request in try await introspect(request) }
        await server.appendRoute("POST /oauth/device_authorization") { request in try await deviceAuthorization(request) }
        await server.appendRoute("GET /oauth/authorize") { request in try await authorize(request) }
        await server.appendRoute("GET /.well-known/oauth-authorization-server") { request in metadata(request) }
        // OpenID Connect Discovery's path for the same document: what oidc-agent (scripts/bench's peer) reads.
        await server.appendRoute("GET /.well-known/openid-configuration") { request in openIDConfiguration(request) }
        await server.appendRoute("GET /api/step-up") { request in await stepUp(request) }
        await server.appendRoute("GET /redir") { request in await redirect(request) }
        await server.appendRoute("POST /redir") { request in await redirect(request) }
        await server.appendRoute("POST /echo") { request in try await echo(request) }
        await server.appendRoute("PUT /echo") { request in try await echo(request) }
        await server.appendRoute("GET /_dev/stats") { _ in jsonData(200, await state.stats()) }
        // What an API would read from the bearer token it is sent (aud, scope), unverified: the
        // tests' view of which token arrived (RFC 8707's audiences).
        await server.appendRoute("GET /_dev/token-claims") { request in
            let authorization = request.headers[HTTPHeader("Authorization")] ?? ""
            let parts = authorization.dropFirst("Bearer ".count).split(separator: ".")
            guard authorization.lowercased().hasPrefix("bearer "), parts.count == 3, let payload = Base64URL.decode(String(parts[1])) else {
                return json(401, ["detail": "no bearer token"])
            }
            return jsonData(200, payload)
        }
        await server.appendRoute("POST /_dev/faults") { request in
            guard let body = try? JSONSerialization.jsonObject(with: try await request.bodyData) as? [String: Any],
                let fault = Fault(json: body)
            else { return json(422, ["detail": "bad fault"]) }
            await state.addFault(fault)
            return json(200, ["ok": true])
        }
        await server.appendRoute("DELETE /_dev/faults") { _ in
            await state.clearFaults()
            return json(200, ["ok": true])
        }
        // Every refresh token issued so far, spent or not: what tests search stored files for.
        await server.appendRoute("GET /_dev/refresh-tokens") { _ in json(200, ["refresh_tokens": await state.issuedRefreshTokens]) }
        await server.appendRoute("POST /_dev/expire") { _ in
            await state.expireAccessTokens()
            return json(200, ["ok": true])
        }
    }

    // MARK: Seed API

    private func login(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let response = try await injected("login") { return response }
        let contentType = request.headers[HTTPHeader("Content-Type")] ?? ""
        guard contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            await state.count("login_failures")
            return json(422, ["detail": [["loc": ["body"], "msg": "expected a form body", "type": "value_error"]]])
        }
        guard let fields = FormBody.decode(try await request.bodyData) else {
            await state.count("login_failures")
            return json(422, ["detail": [["loc": ["body"], "msg": "malformed form body", "type": "value_error"]]])
        }
        var missing: [[String: Any]] = []
        for name in ["grant_type", "username", "password"] where fields[name] == nil {
            missing.append(["loc": ["body", name], "msg": "field required", "type": "value_error.missing"])
        }
        if !missing.isEmpty {
            await state.count("login_failures")
            return json(422, ["detail": missing])
        }
        guard fields["grant_type"] == "password" else {
            await state.count("login_failures")
            return json(
                422,
                [
                    "detail": [
                        [
                            "loc": ["body", "grant_type"], "msg": "string does not match regex \"password\"",
                            "type": "value_error.str.regex",
                        ]
                    ]
                ])
        }
        await state.recordLogin(fields)
        guard let username = fields["username"], let account = state.accounts[username], account.password == fields["password"] else {
            await state.count("login_failures")
            return json(400, ["detail": "LOGIN_BAD_CREDENTIALS"])
        }
        await state.count("logins")
        return jsonData(200, await state.issue(for: username, atLogin: true))
    }

    private func refresh(_ request: HTTPRequest, counter: String) async throws -> HTTPResponse {
        // Counted on arrival, before any fault: tests wait for it to know a request is in flight.
        await state.count("refresh_requests")
        if let response = try await injected("refresh") { return response }
        guard let token = request.headers[HTTPHeader("refresh-token")], !token.isEmpty else {
            return json(422, ["detail": [["loc": ["header", "refresh-token"], "msg": "field required", "type": "value_error.missing"]]])
        }
        switch await state.redeem(token) {
        case .granted(let body):
            await state.count(counter)
            return jsonData(200, body)
        case .rejected(let detail), .scopeBeyondGrant(let detail):  // the seed's refresh asks for no scope
            await state.count("refresh_rejections")
            return json(401, ["detail": detail])
        }
    }

    private func usersMe(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let response = try await injected("users-me") { return response }
        let authorization = request.headers[HTTPHeader("Authorization")] ?? ""
        // DPoP (RFC 9449 §7): the token with a proof of its key, for this very request.
        if authorization.lowercased().hasPrefix("dpop ") {
            let token = String(authorization.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            guard let user = await state.verifyAccess(token), let bound = await state.boundKey(of: token),
                let proof = request.headers[HTTPHeader("DPoP")],
                let key = try? await DPoPVerifier.verify(
                    proof, method: "GET", url: origin(of: request) + "/users/me", accessToken: token, nonce: nil,
                    seen: { await state.proofSeenBefore($0) }),
                key == bound
            else {
                await state.count("users_me_dpop_refused")
                return HTTPResponse(
                    statusCode: .unauthorized,
                    headers: [.contentType: "application/json", HTTPHeader("WWW-Authenticate"): #"DPoP error="invalid_token""#],
                    body: Data(#"{"detail":"Unauthorized"}"#.utf8))
            }
            await state.count("users_me_dpop")
            return json(200, ["id": user.id, "email": user.name, "is_active": true, "is_verified": true])
        }
        // A DPoP-bound token used as a bearer token (stolen): refused.
        if authorization.lowercased().hasPrefix("bearer "),
            await state.boundKey(of: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)) != nil
        {
            await state.count("dpop_token_as_bearer")
            return HTTPResponse(
                statusCode: .unauthorized, headers: [.contentType: "application/json", HTTPHeader("WWW-Authenticate"): "DPoP"],
                body: Data(#"{"detail":"Unauthorized"}"#.utf8))
        }
        guard authorization.lowercased().hasPrefix("bearer "),
            let user = await state.verifyAccess(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else {
            await state.count("users_me_unauthorized")
            return HTTPResponse(
                statusCode: .unauthorized, headers: [.contentType: "application/json", HTTPHeader("WWW-Authenticate"): "Bearer"],
                body: Data(#"{"detail":"Unauthorized"}"#.utf8))
        }
        await state.count("users_me")
        return json(200, ["id": user.id, "email": user.name, "is_active": true, "is_verified": true])
    }

    /// `POST /oauth/token`: the same accounts and tokens behind a standard OAuth 2.0 token
    /// endpoint (RFC 6749 §4.3 password grant, §6 refresh grant, §5.2 errors), so every fault
    /// also runs against the OAuth 2.0 kind of server. Faults: `login` for the password grant,
    /// `refresh` for the refresh grant.
    private func oauthToken(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try await request.bodyData
        guard let fields = FormBody.decode(body) else {
            return json(400, ["error": "invalid_request", "error_description": "malformed form body"])
        }
        // RFC 8707: the APIs the token is asked for; an unknown one is refused before anything is spent.
        let resources = FormBody.values(named: "resource", in: body)
        if let unknown = resources.first(where: { !state.quirks.resources.contains($0) }) {
            await state.count("invalid_targets")
            return json(400, ["error": "invalid_target", "error_description": "this server issues no tokens for \(unknown)"])
        }
        if !resources.isEmpty { await state.record("last_resources", resources.count) }
        // DPoP (RFC 9449 §5): a proof binds what is issued to its key.
        var jkt: String?
        if let proof = request.headers[HTTPHeader("DPoP")] {
            do {
                jkt = try await DPoPVerifier.verify(
                    proof, method: "POST", url: origin(of: request) + "/oauth/token", nonce: state.quirks.dpopNonce,
                    seen: { await state.proofSeenBefore($0) })
                await state.count("dpop_proofs")
            } catch .nonceRequired {
                await state.count("dpop_nonce_asked")
                var response = json(400, ["error": "use_dpop_nonce", "error_description": "a DPoP nonce is required"])
                response.headers[HTTPHeader("DPoP-Nonce")] = state.quirks.dpopNonce
                return response
            } catch .invalid(let reason) {
                await state.count("dpop_proofs_refused")
                return json(400, ["error": "invalid_dpop_proof", "error_description": reason])
            }
        }
        let client = PresentedClient(request, fields: fields)
        await state.record("last_client_auth_" + client.method.replacingOccurrences(of: "client_secret_", with: ""), 1)
        if client.problem(state.quirks.clients) != nil {
            // As the server the issue met: a confidential client with another authentication
            // than its registered one gets an internal error, not invalid_client.
            await state.count("client_auth_failures")
            return HTTPResponse(statusCode: .internalServerError, headers: [:], body: Data())
        }
        switch fields["grant_type"] {
        case "password":
            if let response = try await injected("login") { return response }
            guard let username = fields["username"], let account = state.accounts[username], account.password == fields["password"] else {
                await state.count("login_failures")
                return json(400, ["error": "invalid_grant", "error_description": "Invalid credentials given."])
            }
            await state.count("logins")
            await state.recordParameters(fields)
            let acr = fields["acr_values"]?.split(separator: " ").first.map(String.init)
            return jsonData(
                200, await state.issue(for: username, atLogin: true, scope: fields["scope"], resources: resources, jkt: jkt, acr: acr))
        case "refresh_token":
            await state.count("refresh_requests")
            if let response = try await injected("refresh") { return response }
            guard let token = fields["refresh_token"], !token.isEmpty else {
                return json(400, ["error": "invalid_request", "error_description": "refresh_token is missing"])
            }
            switch await state.redeem(token, resources: resources, scope: fields["scope"], jkt: jkt) {
            case .granted(let body):
                await state.count("refreshes")
                return jsonData(200, body)
            case .rejected(let detail):
                await state.count("refresh_rejections")
                return json(400, ["error": "invalid_grant", "error_description": detail])
            case .scopeBeyondGrant(let detail):
                await state.count("invalid_scopes")
                return json(400, ["error": "invalid_scope", "error_description": detail])
            }
        case "urn:ietf:params:oauth:grant-type:device_code":
            return try await devicePoll(fields, jkt: jkt)
        case "authorization_code":
            return await redeemCode(fields, jkt: jkt)
        default:
            return json(400, ["error": "unsupported_grant_type"])
        }
    }

    /// `POST /oauth/revoke` (RFC 7009), with `--revocation`: only a confidential client that
    /// authenticates as registered may revoke (a public client gets 401 invalid_client, as the
    /// server the issue met answered); the refresh token is then spent.
    private func revoke(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard state.quirks.revocation, let fields = FormBody.decode(try await request.bodyData) else {
            return HTTPResponse(statusCode: .notFound, headers: [:], body: Data())
        }
        guard PresentedClient(request, fields: fields).isAuthenticatedConfidential(state.quirks.clients) else {
            await state.count("revocations_refused")
            return json(401, ["error": "invalid_client"])
        }
        if let token = fields["token"] { await state.revoke(token) }
        await state.count("revocations")
        return HTTPResponse(statusCode: .ok, headers: [:], body: Data())
    }

    /// `GET /oauth/userinfo` (OpenID Connect Core §5.3), with `--userinfo`.
    private func userinfo(_ request: HTTPRequest) async -> HTTPResponse {
        let authorization = request.headers[HTTPHeader("Authorization")] ?? ""
        guard state.quirks.userinfo, authorization.lowercased().hasPrefix("bearer "),
            let user = await state.verifyAccess(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else {
            return json(401, ["error": "invalid_token"])
        }
        await state.count("userinfo_requests")
        return json(200, ["sub": user.id, "preferred_username": user.name, "email": "\(user.name)@example.test"])
    }

    /// `POST /oauth/introspect` (RFC 7662 §2): whether an access token is active, its scope and
    /// the DPoP key it is bound to (`cnf.jkt`, RFC 9449 §6.2) — what a resource server that
    /// checks DPoP asks. No client authentication: a loopback test server.
    private func introspect(_ request: HTTPRequest) async throws -> HTTPResponse {
        await state.count("introspections")
        guard let fields = FormBody.decode(try await request.bodyData), let token = fields["token"],
            await state.verifyAccess(token) != nil, let payload = Base64URL.decode(String(token.split(separator: ".")[1])),
            var claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any]
        else { return json(200, ["active": false]) }
        claims["active"] = true
        for field in ["typ", "gen", "user_id"] { claims[field] = nil }
        return json(200, claims)
    }

    /// `GET /api/step-up?scope=S&acr=A&max_age=N`: an API that says what a token is not enough for
    /// — 403 `insufficient_scope` naming `S` (RFC 6750 §3.1) when the token's scope lacks it, 401
    /// `insufficient_user_authentication` with `acr_values`/`max_age` (RFC 9470 §3) when its `acr`
    /// is not `A` or its `auth_time` is older than N seconds (or, with `always`, every time); 200
    /// otherwise. Counted
    /// (`step_up_requests`, `step_up_granted`).
    private func stepUp(_ request: HTTPRequest) async -> HTTPResponse {
        await state.count("step_up_requests")
        let authorization = request.headers[HTTPHeader("Authorization")] ?? ""
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard authorization.lowercased().hasPrefix("bearer "), await state.verifyAccess(token) != nil,
            let payload = Base64URL.decode(String(token.split(separator: ".")[1])),
            let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any]
        else {
            return HTTPResponse(
                statusCode: .unauthorized, headers: [HTTPHeader("WWW-Authenticate"): #"Bearer error="invalid_token""#], body: Data())
        }
        let held = Set(((claims["scope"] as? String) ?? "").split(separator: " ").map(String.init))
        if let needed = request.query["scope"], !held.contains(needed) {
            return HTTPResponse(
                statusCode: .forbidden,
                headers: [
                    HTTPHeader("WWW-Authenticate"):
                        #"Bearer error="insufficient_scope", scope="\#(needed)", error_description="writing needs the \#(needed) scope""#
                ], body: Data(#"{"detail":"insufficient_scope"}"#.utf8))
        }
        let acr = request.query["acr"]
        let maxAge = request.query["max_age"].flatMap { Int($0) }
        let authTime = claims["auth_time"] as? Int ?? 0
        let tooOld = maxAge.map { Int(Date().timeIntervalSince1970) - authTime > $0 } ?? false
        // `always`: an API that keeps asking, whatever the login gave.
        if (acr != nil && claims["acr"] as? String != acr) || tooOld || request.query["always"] != nil {
            var challenge = #"Bearer error="insufficient_user_authentication", error_description="a stronger login is needed""#
            if let acr { challenge += #", acr_values="\#(acr)""# }
            if let maxAge { challenge += ", max_age=\(maxAge)" }
            return HTTPResponse(
                statusCode: .unauthorized, headers: [HTTPHeader("WWW-Authenticate"): challenge],
                body: Data(#"{"detail":"insufficient_user_authentication"}"#.utf8))
        }
        await state.count("step_up_granted")
        return json(200, ["granted": true, "scope": claims["scope"] ?? "", "acr": claims["acr"] ?? ""])
    }

    /// `/redir?to=URL`: a 302 to anywhere, as an open redirect on an API would.
    private func redirect(_ request: HTTPRequest) async -> HTTPResponse {
        await state.count("redirects")
        let target = request.query["to"] ?? "/"
        return HTTPResponse(statusCode: .found, headers: [HTTPHeader("Location"): target], body: Data())
    }

    /// `POST`/`PUT /echo` with a bearer token: counts requests and records the body's length
    /// (`echo_requests`, `echo_last_length`), 401 without a valid token.
    private func echo(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try await request.bodyData
        await state.count("echo_requests")
        await state.record("echo_last_length", body.count)
        let authorization = request.headers[HTTPHeader("Authorization")] ?? ""
        guard authorization.lowercased().hasPrefix("bearer "),
            await state.verifyAccess(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)) != nil
        else {
            return json(401, ["detail": "Unauthorized"])
        }
        return json(200, ["length": body.count])
    }

    // MARK: Faults

    func injected(_ target: String) async throws -> HTTPResponse? {
        guard let kind = await state.takeFault(for: target) else { return nil }
        switch kind {
        case .status(let code):
            return json(code, ["detail": "INJECTED_FAULT"])
        case .delay(let milliseconds):
            try await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
            return nil
        case .drop:
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "application/json"],
                body: HTTPBodySequence(from: FailingBytes(), count: 1024))
        case .garbage:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html"], body: Data("<html>502 proxy error</html>".utf8))
        case .empty:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: Data())
        case .truncated:
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: Data(#"{"access_token": "eyJ"#.utf8))
        case .huge:
            let filler = String(repeating: "x", count: 2 << 20)
            return json(200, ["access_token": "a", "refresh_token": "b", "token_type": "bearer", "padding": filler])
        case .redirect:
            return HTTPResponse(
                statusCode: .temporaryRedirect, headers: [HTTPHeader("Location"): "https://elsewhere.invalid/auth/jwt/login"], body: Data())
        case .notBearer:
            return json(200, ["access_token": "abc.def.ghi", "refresh_token": "jkl.mno.pqr", "token_type": "mac", "expires_in": 3600])
        case .invalidUTF8:
            var body = Data(#"{"access_token": "abc"#.utf8)
            body.append(contentsOf: [0xFF, 0xFE, 0xC0, 0x80])
            body.append(Data(#"def", "refresh_token": "jkl.mno.pqr", "token_type": "bearer", "expires_in": 3600}"#.utf8))
            return jsonData(200, body)
        case .hostileDetail:
            return json(400, ["detail": "BAD\u{9b}31mRED\u{202e}desrever\u{1b}]0;title\u{7}"])
        case .oauthError(let code):
            return json(400, ["error": code, "error_description": "INJECTED_FAULT"])
        case .bare(let code):
            return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Status \(code)"), headers: [:], body: Data())
        case .okError(let code):
            return json(200, ["error": code, "error_description": "INJECTED_FAULT"])
        case .wrongState, .wrongIssuer, .noIssuer, .wrongNonce:
            return nil
        }
    }
}

func json(_ status: Int, _ object: Any) -> HTTPResponse {
    jsonData(status, serialize(object))
}

func jsonData(_ status: Int, _ data: Data) -> HTTPResponse {
    return HTTPResponse(
        statusCode: HTTPStatusCode(status, phrase: "Status \(status)"), headers: [.contentType: "application/json"], body: data)
}

/// A body that fails at once: FlyingFox has sent the headers and closes the connection.
struct FailingBytes: AsyncBufferedSequence, AsyncBufferedIteratorProtocol, Sendable {
    typealias Element = UInt8
    struct Dropped: Error {}
    func makeAsyncIterator() -> FailingBytes { self }
    mutating func next() async throws -> UInt8? { throw Dropped() }
    mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? { throw Dropped() }
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte, UTF-8 required.
enum FormBody {
    /// The fields, the last value of a repeated one winning.
    static func decode(_ data: Data) -> [String: String]? {
        pairs(data).map { Dictionary($0, uniquingKeysWith: { $1 }) }
    }

    /// Every value of a repeatable field (RFC 8707's `resource`), in order.
    static func values(named name: String, in data: Data) -> [String] {
        (pairs(data) ?? []).filter { $0.0 == name }.map(\.1)
    }

    private static func pairs(_ data: Data) -> [(String, String)]? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        var fields: [(String, String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]), let value = unescape(parts.count > 1 ? parts[1] : "") else { return nil }
            fields.append((name, value))
        }
        return fields
    }

    private static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            default: bytes.append(byte)
            }
        }
        return String(bytes: bytes, encoding: .utf8)
    }
}
