import AuthHelperCore
import XCTest

/// `WWW-Authenticate` as servers write it (RFC 9110 §11.6.1): several challenges on one line,
/// quoted values with commas and escapes, token68 credentials — read without a trap.
final class AuthenticationChallengeTests: XCTestCase {
    func testTheMCPSDKsChallengeNamesItsMetadata() throws {
        let header =
            #"Bearer error="invalid_token", error_description="Authentication required", resource_metadata="http://127.0.0.1:5/.well-known/oauth-protected-resource/mcp""#
        let challenge = try XCTUnwrap(AuthenticationChallenge.first("bearer", in: header))
        XCTAssertEqual(challenge["error"], "invalid_token")
        XCTAssertEqual(challenge["error_description"], "Authentication required")
        XCTAssertEqual(challenge["resource_metadata"], "http://127.0.0.1:5/.well-known/oauth-protected-resource/mcp")
    }

    func testSeveralChallengesQuotedCommasEscapesAndCaseAreReadAsWritten() {
        let header = #"Basic realm="a, b", DPoP algs="ES256 PS256", error=use_dpop_nonce, bearer Scope="read \"all\"", Negotiate abc=="#
        let challenges = AuthenticationChallenge.parse(header)
        XCTAssertEqual(challenges.map(\.scheme), ["basic", "dpop", "bearer", "negotiate"])
        XCTAssertEqual(challenges[0]["realm"], "a, b")
        XCTAssertEqual(challenges[1]["algs"], "ES256 PS256")
        XCTAssertEqual(challenges[1]["error"], "use_dpop_nonce", "a token value without quotes")
        XCTAssertEqual(challenges[2]["scope"], #"read "all""#, "names compare case-insensitively, escapes undone")
        XCTAssertEqual(challenges[3].parameters, [:], "a token68 is no parameter")
    }

    func testMalformedHeadersNeverTrapAndKeepWhatCameBefore() {
        for header in [
            "", ",,,", "Bearer", #"Bearer realm="unterminated"#, "Bearer =x", "Bearer a=\"\\", String(repeating: "a=b, ", count: 5000),
        ] {
            _ = AuthenticationChallenge.parse(header)
        }
        XCTAssertEqual(AuthenticationChallenge.parse("Bearer").map(\.scheme), ["bearer"])
        XCTAssertEqual(AuthenticationChallenge.parse(#"Bearer a="1", b="unterminated"#).first?["a"], "1")
        // The fuzzer's find: a value cut short still gives the scheme lower-cased.
        XCTAssertEqual(AuthenticationChallenge.parse(#"Bearer error="invaliource_meesource abc=="#).map(\.scheme), ["bearer"])
    }
}
