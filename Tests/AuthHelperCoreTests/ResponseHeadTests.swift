import AuthHelperCore
import XCTest

/// What `authhelper curl` reads of the first final response in curl's header dump: the status, a
/// `DPoP-Nonce`, and whether a 401 asks for a DPoP nonce (RFC 9449 §9).
final class ResponseHeadTests: XCTestCase {
    func head(_ text: String) -> ResponseHead? {
        ResponseHead.first(inHeaderDump: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    func testA401AskingForANonceGivesItAndSaysSo() {
        let answer = head(
            """
            HTTP/1.1 401 Unauthorized
            DPoP-Nonce: eyJ7S_zG.eyJH0-Z.HX4w-7v
            WWW-Authenticate: DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"

            """)
        XCTAssertEqual(answer, ResponseHead(status: 401, dpopNonce: "eyJ7S_zG.eyJH0-Z.HX4w-7v", asksForDPoPNonce: true))
    }

    func testOnlyADPoPChallengeWithThatErrorAsksAndOnlyOnA401() {
        XCTAssertEqual(
            head("HTTP/1.1 401 Unauthorized\nDPoP-Nonce: n1\nWWW-Authenticate: DPoP error=\"invalid_token\"\n\n")?.asksForDPoPNonce, false)
        XCTAssertEqual(
            head("HTTP/1.1 401 Unauthorized\nDPoP-Nonce: n1\nWWW-Authenticate: Bearer error=\"use_dpop_nonce\"\n\n")?.asksForDPoPNonce,
            false)
        XCTAssertEqual(
            head("HTTP/1.1 401 Unauthorized\nwww-authenticate: Bearer realm=\"x\", DPoP error=use_dpop_nonce\n\n")?.asksForDPoPNonce, true)
        XCTAssertEqual(
            head("HTTP/1.1 400 Bad Request\nWWW-Authenticate: DPoP error=\"use_dpop_nonce\"\n\n")?.asksForDPoPNonce, false)
    }

    func testTheFirstFinalResponseCountsNotAnInterimOneOrARedirectsTarget() {
        let answer = head(
            """
            HTTP/1.1 100 Continue

            HTTP/1.1 302 Found
            Location: https://elsewhere.example/

            HTTP/2 401
            dpop-nonce: from-elsewhere
            www-authenticate: DPoP error="use_dpop_nonce"

            """)
        XCTAssertEqual(answer, ResponseHead(status: 302))
        XCTAssertNil(head(""), "no response at all")
    }

    func testAStepUpChallengeIsReadFromAnyOfTheChallengeHeaders() {
        let answer = head(
            """
            HTTP/1.1 403 Forbidden
            WWW-Authenticate: Basic realm="x"
            WWW-Authenticate: Bearer error="insufficient_scope", scope="write"

            """)
        XCTAssertEqual(answer?.stepUp?.need, .scope(["write"]))
        XCTAssertNil(
            head("HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error=\"invalid_token\"\n\n")?.stepUp, "a refresh answers that")
    }
}
