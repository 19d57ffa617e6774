import AuthHelperCore
import XCTest

final class TokenResponseTests: XCTestCase {
    func response(_ status: Int, _ body: String, location: String? = nil) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(body.utf8), location: location)
    }

    func testExpiryFromExpiresIn() throws {
        let grant = try TokenResponseParser.parseLogin(
            response(200, #"{"access_token":"a","refresh_token":"r","token_type":"bearer","expires_in":3600}"#), url: "u", receivedAt: 1000)
        XCTAssertEqual(grant, TokenGrant(accessToken: "a", refreshToken: "r", expiresAt: 4600, obtainedAt: 1000))
    }

    func testExpiryFromJWTWhenExpiresInIsMissing() throws {
        let jwt = "x.\(Base64URL.encode(Array(#"{"exp":5000}"#.utf8))).y"
        let grant = try TokenResponseParser.parseLogin(
            response(200, #"{"access_token":"\#(jwt)","refresh_token":"r","token_type":"Bearer"}"#), url: "u", receivedAt: 1000)
        XCTAssertEqual(grant.expiresAt, 5000)
    }

    func testAJWTExpBeyondAYearIsIgnoredAsIfAbsent() throws {
        // exp in milliseconds: "valid until 58881" would never be refreshed.
        let milliseconds = "x.\(Base64URL.encode(Array(#"{"exp":1795000000000}"#.utf8))).y"
        let grant = try TokenResponseParser.parseLogin(
            response(200, #"{"access_token":"\#(milliseconds)","refresh_token":"r"}"#), url: "u", receivedAt: 1_795_000_000)
        XCTAssertEqual(grant.expiresAt, 1_795_000_000, "treated as no expiry: serves the call that got it")
        let withinAYear = "x.\(Base64URL.encode(Array(#"{"exp":1795086400}"#.utf8))).y"
        let day = try TokenResponseParser.parseLogin(
            response(200, #"{"access_token":"\#(withinAYear)","refresh_token":"r"}"#), url: "u", receivedAt: 1_795_000_000)
        XCTAssertEqual(day.expiresAt, 1_795_086_400)
        let yearAndADay = "x.\(Base64URL.encode(Array(#"{"exp":\#(1_795_000_000 + 367 * 86400)}"#.utf8))).y"
        let far = try TokenResponseParser.parseLogin(
            response(200, #"{"access_token":"\#(yearAndADay)","refresh_token":"r"}"#), url: "u", receivedAt: 1_795_000_000)
        XCTAssertEqual(far.expiresAt, 1_795_000_000)
    }

    func testNoExpiryAtAllMeansExpiredAfterUse() throws {
        let grant = try TokenResponseParser.parseLogin(
            response(200, #"{"access_token":"opaque","refresh_token":"r"}"#), url: "u", receivedAt: 1000)
        XCTAssertEqual(grant.expiresAt, 1000)
        XCTAssertFalse(Freshness.atLeast(0).isMet(by: CachedToken(grant), now: 1000))
    }

    func testStatusMapping() {
        let cases: [(HTTPResponse, Int32)] = [
            (response(400, #"{"detail":"LOGIN_BAD_CREDENTIALS"}"#), 77),
            (response(422, #"{"detail":[{"loc":["body","username"],"msg":"field required"}]}"#), 64),
            (response(500, "oops"), 75),
            (response(503, ""), 75),
            (response(429, ""), 75),
            (response(307, "", location: "https://elsewhere"), 65),
            (response(200, "<html>"), 65),
            (response(200, ""), 65),
            (response(200, #"{"access_token":"a","refresh_token":"r","token_type":"mac"}"#), 65),
            (response(200, #"{"access_token":"","refresh_token":"r"}"#), 65),
            (response(200, #"{"access_token":"a b","refresh_token":"r"}"#), 65),
            (response(200, #"{"access_token":"a","refresh_token":"r","expires_in":-5}"#), 65),
            (response(200, #"[1]"#), 65),
            (response(418, ""), 65),
        ]
        for (resp, code) in cases {
            XCTAssertThrowsError(try TokenResponseParser.parseLogin(resp, url: "u", receivedAt: 0), "HTTP \(resp.status)") { error in
                XCTAssertEqual((error as? AuthError)?.exitCode, code, "HTTP \(resp.status) \(String(decoding: resp.body, as: UTF8.self))")
            }
        }
    }

    func testBadCredentialsMessageNamesTheDetail() {
        XCTAssertThrowsError(
            try TokenResponseParser.parseLogin(response(400, #"{"detail":"LOGIN_BAD_CREDENTIALS"}"#), url: "u", receivedAt: 0)
        ) { error in
            XCTAssertTrue((error as? AuthError)?.message.contains("LOGIN_BAD_CREDENTIALS") == true)
        }
    }

    func testRefreshRejectionIsAnOutcomeNotAnError() throws {
        XCTAssertEqual(
            try TokenResponseParser.parseRefresh(response(401, #"{"detail":"REFRESH_TOKEN_ALREADY_USED"}"#), url: "u", receivedAt: 0),
            .rejected(detail: "REFRESH_TOKEN_ALREADY_USED"))
    }
}
