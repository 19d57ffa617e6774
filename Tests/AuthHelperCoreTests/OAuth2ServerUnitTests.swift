import AuthHelperCore
import Foundation
import XCTest

/// The OAuth 2.0 kind of server against a scripted transport: what goes on the wire, and how
/// each answer maps onto the contract (RFC 6749 §5.2, §6; RFC 7009).
final class OAuth2ServerUnitTests: XCTestCase {
    func server(clientID: String? = "cli", methods: [String] = [], revocation: String? = nil) throws -> (OAuth2Server, ScriptedTransport) {
        var profile = Profile(name: "p", server: try ServerURL(parsing: "https://api.example.com"), username: "alice")
        profile.clientID = clientID
        profile.scope = "read"
        profile.tokenAuthMethods = methods
        profile.revocationURL = try revocation.map { try EndpointURL(parsing: $0) }
        let transport = ScriptedTransport()
        let token = try EndpointURL(parsing: "https://login.example.com/o/token/")
        return (
            OAuth2Server(
                profile: profile, tokenURL: token, diagnostics: Diagnostics(verbose: false), transport: transport, clock: FixedClock(1000)),
            transport
        )
    }

    func form(_ request: HTTPRequest) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    func header(_ name: String, _ request: HTTPRequest) -> String? { request.headers.first { $0.0 == name }?.1 }

    func testTheRefreshGrantWithHTTPBasicByDefault() throws {
        let (server, transport) = try server()
        transport.answer(
            200,
            #"{"access_token":"new-access-token-1234","refresh_token":"new-refresh-token-5678","token_type":"Bearer","expires_in":300}"#)
        let result = try server.refresh(StoredSession(refreshToken: "old-refresh", clientSecret: "s3cr:t"))
        XCTAssertEqual(
            result,
            .granted(
                TokenGrant(accessToken: "new-access-token-1234", refreshToken: "new-refresh-token-5678", expiresAt: 1300, obtainedAt: 1000))
        )
        let sent = try XCTUnwrap(transport.sent.first)
        XCTAssertEqual(sent.url, "https://login.example.com/o/token/", "the endpoint exactly as recorded, trailing slash kept")
        XCTAssertEqual(form(sent), ["grant_type": "refresh_token", "refresh_token": "old-refresh", "scope": "read"])
        // RFC 6749 §2.3.1: client_id and secret form-encoded, then joined and base64-encoded.
        XCTAssertEqual(header("Authorization", sent), "Basic " + Base64.encode(Array("cli:s3cr%3At".utf8)))
    }

    /// The name a login learns from userinfo labels the session and becomes the registries' user
    /// name: never `<token>`, by which docker would spend the Secret as an identity token itself.
    func testUserinfoNamesTheUserButNeverDockersIdentityTokenMarker() throws {
        let (server, transport) = try server()
        let userinfo = try EndpointURL(parsing: "https://login.example.com/userinfo")
        transport.answer(200, #"{"preferred_username":"<token>","email":"alice@example.com","sub":"42"}"#)
        XCTAssertEqual(server.userName(at: userinfo, accessToken: "access-1"), "alice@example.com")
        XCTAssertEqual(header("Authorization", try XCTUnwrap(transport.sent.first)), "Bearer access-1")
        // A login with only `openid`: userinfo tells only the subject, which is no name.
        transport.answer(200, #"{"sub":"6KyZCBrMpHWcZKsPgh2gwNbholQ0J6rO"}"#)
        XCTAssertNil(server.userName(at: userinfo, accessToken: "access-1"), "never greeted by sub")
    }

    /// A DPoP-bound login token goes to userinfo as `DPoP` with a proof of the key (Glewlwyd
    /// refuses it as Bearer), and a nonce the server asks for gets exactly one retry.
    func testADPoPLoginCallsUserinfoWithAProofAndOneNonceRetry() throws {
        let (plain, transport) = try server()
        var profile = plain.profile
        profile.dpopKey = try DPoPKey.generate()
        let server = OAuth2Server(
            profile: profile, tokenURL: try EndpointURL(parsing: "https://login.example.com/o/token/"),
            diagnostics: Diagnostics(verbose: false), transport: transport, clock: FixedClock(1000))
        let userinfo = try EndpointURL(parsing: "https://login.example.com/userinfo")
        transport.answer(401, "", dpopNonce: "nonce-1", authenticate: #"DPoP error="use_dpop_nonce", algs="ES256""#)
        transport.answer(200, #"{"preferred_username":"alice"}"#)
        transport.answer(401, "", dpopNonce: "nonce-2", authenticate: #"DPoP error="use_dpop_nonce""#)
        XCTAssertEqual(server.userName(at: userinfo, accessToken: "bound-access"), "alice")
        XCTAssertEqual(transport.sent.count, 2, "one retry for the nonce")
        for sent in transport.sent {
            XCTAssertEqual(header("Authorization", sent), "DPoP bound-access")
            let proof = try XCTUnwrap(header("DPoP", sent), "every userinfo request carries a proof")
            let claims = try XCTUnwrap(JWT.claims(of: proof))
            XCTAssertEqual(claims["htm"]?.stringValue, "GET")
            XCTAssertEqual(claims["htu"]?.stringValue, "https://login.example.com/userinfo")
            XCTAssertNotNil(claims["ath"]?.stringValue, "the proof is bound to the token")
        }
        XCTAssertNil(JWT.claims(of: try XCTUnwrap(header("DPoP", transport.sent[0])))?["nonce"])
        XCTAssertEqual(JWT.claims(of: try XCTUnwrap(header("DPoP", transport.sent[1])))?["nonce"]?.stringValue, "nonce-1")
    }

    func testClientSecretPostWhenThatIsAllTheServerSupports() throws {
        let (server, transport) = try server(methods: ["client_secret_post"])
        transport.answer(200, #"{"access_token":"new-access-token-1234","token_type":"bearer"}"#)
        _ = try server.refresh(StoredSession(refreshToken: "old-refresh", clientSecret: "secret"))
        let sent = try XCTUnwrap(transport.sent.first)
        XCTAssertNil(header("Authorization", sent))
        XCTAssertEqual(form(sent)["client_id"], "cli")
        XCTAssertEqual(form(sent)["client_secret"], "secret")
    }

    func testAPublicClientSendsItsClientIDInTheBody() throws {
        let (server, transport) = try server()
        transport.answer(200, #"{"access_token":"new-access-token-1234","token_type":"bearer"}"#)
        _ = try server.logIn(password: "pw", clientSecret: nil)
        let sent = try XCTUnwrap(transport.sent.first)
        XCTAssertNil(header("Authorization", sent))
        XCTAssertEqual(form(sent), ["grant_type": "password", "username": "alice", "password": "pw", "scope": "read", "client_id": "cli"])
    }

    func testAnAnswerWithoutARefreshTokenKeepsTheOldOne() throws {
        let (server, transport) = try server()
        transport.answer(200, #"{"access_token":"new-access-token-1234","token_type":"bearer","expires_in":60}"#)
        guard case .granted(let grant) = try server.refresh(StoredSession(refreshToken: "kept-refresh")) else { return XCTFail() }
        XCTAssertNil(grant.refreshToken)
        XCTAssertEqual(
            StoredSession(
                grant: grant, clientSecret: nil, binding: SessionBinding(tokenOrigin: "https://a:443", clientID: nil),
                previous: StoredSession(refreshToken: "kept-refresh")
            ).refreshToken, "kept-refresh")
    }

    func testErrorAnswersMapOntoTheContract() throws {
        let cases: [(Int, String, Int32?)] = [
            (400, #"{"error":"invalid_grant","error_description":"token\nexpired\u001b[31m"}"#, nil),  // rejected: the discipline decides
            (401, #"{"error":"invalid_client"}"#, 77),
            (400, #"{"error":"unauthorized_client"}"#, 77),
            (400, #"{"error":"temporarily_unavailable"}"#, 75),
            (503, "down", 75),
            (429, "", 75),
            (400, #"{"error":"invalid_scope"}"#, 77),
            (302, "", 65),
        ]
        for (status, body, code) in cases {
            let (server, transport) = try server()
            transport.answer(status, body)
            do {
                let result = try server.refresh(StoredSession(refreshToken: "r", clientSecret: "s"))
                XCTAssertNil(code, "\(status) \(body) should fail")
                guard case .rejected(let detail) = result else { return XCTFail("\(body): \(result)") }
                XCTAssertEqual(detail, "invalid_grant: token\\nexpired\\x1b[31m", "error_description on one printable line")
            } catch {
                XCTAssertEqual(error.exitCode, code, "\(status) \(body): \(error.message)")
                if error.exitCode == 77, body.contains("client") { XCTAssertTrue(error.message.contains("client ID 'cli'"), error.message) }
            }
        }
    }

    func testRevocationSendsTheRefreshTokenFirstAndNeverThrows() throws {
        let (server, transport) = try server(revocation: "https://login.example.com/o/revoke_token/")
        transport.answer(200, "")
        transport.answer(503, "")
        XCTAssertTrue(server.canRevoke)
        let revoked = server.revoke(StoredSession(refreshToken: "the-refresh", clientSecret: nil, accessToken: "the-access"))
        XCTAssertEqual(revoked, ["refresh token"])
        XCTAssertEqual(transport.sent.map { form($0)["token_type_hint"] }, ["refresh_token", "access_token"])
        XCTAssertEqual(form(transport.sent[0])["token"], "the-refresh")
        let (plain, _) = try self.server()
        XCTAssertFalse(plain.canRevoke)
    }
}
