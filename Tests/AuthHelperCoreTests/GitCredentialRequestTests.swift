import AuthHelperCore
import XCTest

/// git's credential request as git ≥ 2.41 writes it: `wwwauth[]` lines are the server's
/// challenges, one per `WWW-Authenticate` header, and a step-up among them is found.
final class GitCredentialRequestTests: XCTestCase {
    func request(_ lines: [String]) throws -> GitCredentialRequest {
        try GitCredentialRequest(parsing: Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    func testWWWAuthLinesAreTheChallengesAndAStepUpAmongThemIsFound() throws {
        let asked = try request([
            "protocol=https", "host=git.example.test", #"wwwauth[]=Basic realm="git""#,
            #"wwwauth[]=Bearer error="insufficient_user_authentication", acr_values="urn:mfa", max_age=600"#,
        ])
        XCTAssertEqual(asked.challenges.count, 2)
        XCTAssertEqual(asked.stepUp?.need, .authentication(acrValues: "urn:mfa", maxAge: 600))
        XCTAssertEqual(asked.host, "git.example.test", "the other keys are read as before")
    }

    func testAnOrdinaryChallengeIsNoStepUp() throws {
        XCTAssertNil(try request(["protocol=https", "host=h", #"wwwauth[]=Bearer realm="git", error="invalid_token""#]).stepUp)
        XCTAssertNil(try request(["protocol=https", "host=h"]).stepUp)
    }
}
