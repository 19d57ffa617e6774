import AuthHelperCore
import XCTest

/// What a token is not enough for (RFC 6750 §3.1, RFC 9470 §3), and the login that answers it:
/// the union of the held and the asked scopes; acr_values and max_age as login parameters.
final class StepUpChallengeTests: XCTestCase {
    func profile(scope: String?) throws -> Profile {
        var profile = Profile(name: "work", server: try ServerURL(parsing: "https://mcp.example.test/mcp"), username: "")
        profile.scope = scope
        return profile
    }

    func testInsufficientScopeNamesTheUnionOfTheHeldAndTheAskedScopes() throws {
        let challenge = try XCTUnwrap(
            StepUpChallenge(status: 403, authenticate: #"Bearer error="insufficient_scope", scope="files:read mcp:tools""#))
        XCTAssertEqual(challenge.need, .scope(["files:read", "mcp:tools"]))
        let sentence = challenge.sentence(url: "https://mcp.example.test/mcp", profile: try profile(scope: "openid mcp:tools"))
        XCTAssertTrue(sentence.contains("`authhelper login --profile work --scope 'openid mcp:tools files:read'`"), sentence)
    }

    func testAStepUpOfTheAuthenticationNamesItsParameters() throws {
        let challenge = try XCTUnwrap(
            StepUpChallenge(
                status: 401, authenticate: #"Bearer error="insufficient_user_authentication", acr_values="urn:mfa", max_age=0"#))
        XCTAssertEqual(challenge.need, .authentication(acrValues: "urn:mfa", maxAge: 0))
        let sentence = challenge.sentence(url: "u", profile: try profile(scope: nil))
        XCTAssertTrue(sentence.contains("--param acr_values='urn:mfa' --param max_age='0' --param prompt='login'"), sentence)
    }

    func testTheLoginThatAnswersItAsksForTheUnionOrTheAuthenticationAndNothingElse() throws {
        let scope = try XCTUnwrap(StepUpChallenge(status: 403, authenticate: #"Bearer error="insufficient_scope", scope="b c""#))
        XCTAssertEqual(scope.scope(holding: "a b"), "a b c")
        XCTAssertEqual(scope.loginParameters, [])
        let unnamed = try XCTUnwrap(StepUpChallenge(status: 403, authenticate: #"Bearer error="insufficient_scope""#))
        XCTAssertFalse(unnamed.isAnswerable, "no scope named: no login knows what to ask for")
        let fresh = try XCTUnwrap(
            StepUpChallenge(status: 401, authenticate: #"Bearer error="insufficient_user_authentication", max_age=300"#))
        XCTAssertEqual(fresh.loginParameters.map(\.description), ["max_age=300"], "prompt=login only where max_age is 0")
        XCTAssertNil(fresh.scope(holding: "a"))
    }

    func testTheSessionRemembersWhatItsLoginWasForAndTheSameChallengeIsAnsweredByIt() throws {
        let scope = try XCTUnwrap(StepUpChallenge(status: 403, authenticate: #"Bearer error="insufficient_scope", scope="write""#))
        let memo = scope.memo(holding: "read")
        XCTAssertEqual(memo, "scope:read write")
        XCTAssertTrue(scope.wasAnswered(byLoginFor: memo))
        let more = try XCTUnwrap(StepUpChallenge(status: 403, authenticate: #"Bearer error="insufficient_scope", scope="admin""#))
        XCTAssertFalse(more.wasAnswered(byLoginFor: memo), "a scope that login did not ask for")
        let stronger = try XCTUnwrap(
            StepUpChallenge(status: 401, authenticate: #"Bearer error="insufficient_user_authentication", acr_values="a", max_age=0"#))
        XCTAssertEqual(stronger.memo(holding: nil), "auth:acr_values=a;max_age=0")
        XCTAssertTrue(stronger.wasAnswered(byLoginFor: "auth:acr_values=a;max_age=0"))
        XCTAssertFalse(stronger.wasAnswered(byLoginFor: memo))
        XCTAssertFalse(stronger.wasAnswered(byLoginFor: nil))
    }

    func testAnythingElseIsNoStepUp() {
        XCTAssertNil(StepUpChallenge(status: 401, authenticate: #"Bearer error="invalid_token""#), "a refresh answers that")
        XCTAssertNil(StepUpChallenge(status: 401, authenticate: #"Bearer error="insufficient_scope""#), "insufficient_scope is a 403")
        XCTAssertNil(StepUpChallenge(status: 403, authenticate: nil))
    }
}
