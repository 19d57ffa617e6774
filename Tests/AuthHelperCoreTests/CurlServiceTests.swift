import AuthHelperCore
import XCTest

/// `authhelper curl`'s decisions against a scripted curl: the token only for the profile's
/// origins, and one refresh and retry on a 401 from the profile's server.
final class CurlServiceTests: XCTestCase {
    let now: Int64 = 1_000_000
    let url = "http://127.0.0.1:9/users/me"

    func harness() throws -> CoreHarness {
        try CoreHarness(session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
    }

    func testA401FromTheProfilesServerRefreshesOnceAndRetriesWithTheNewToken() throws {
        let harness = try harness()
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        let curl = ScriptedCurl([401, 200])
        let status = try CurlService(context: harness.context(curl: curl, verbose: true)).run(
            ["-s", url], freshness: .standard, retry: true, stdoutIsTerminal: false)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(curl.tokens, ["a1", "a2"])
        XCTAssertEqual(harness.store.session?.refreshToken, "r2", "the refreshed pair is stored")
        // -v says why curl ran twice (read from the context's stderr).
        XCTAssertTrue(
            harness.messages.all.contains("HTTP 401 from the API: refreshing the token once and sending the request again"),
            harness.messages.all)
    }

    func testAnyOtherAnswerIsCurlsOwnAndNothingIsRefreshed() throws {
        let harness = try harness()
        let curl = ScriptedCurl([403])
        XCTAssertEqual(
            try CurlService(context: harness.context(curl: curl)).run(
                ["-s", url], freshness: .standard, retry: true, stdoutIsTerminal: false), 0)
        XCTAssertEqual(curl.tokens, ["a1"])
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    func testNoRetryRunsOnceEvenOnA401() throws {
        let harness = try harness()
        let curl = ScriptedCurl([401])
        XCTAssertEqual(
            try CurlService(context: harness.context(curl: curl)).run(
                ["-s", url], freshness: .standard, retry: false, stdoutIsTerminal: false), 22)
        XCTAssertEqual(curl.tokens, ["a1"])
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    func testAnotherOriginIsRefusedBeforeAnyTokenAndVersionNeedsNone() throws {
        let harness = try harness()
        let curl = ScriptedCurl([])
        XCTAssertThrowsError(
            try CurlService(context: harness.context(curl: curl)).run(
                ["https://elsewhere.example/x"], freshness: .standard, retry: true, stdoutIsTerminal: false)
        ) {
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 64)
        }
        XCTAssertEqual(curl.tokens, [], "curl never ran")
        XCTAssertEqual(harness.store.loads, 0, "no token was even read")
        XCTAssertEqual(
            try CurlService(context: harness.context(curl: curl)).run(
                ["--version"], freshness: .standard, retry: true, stdoutIsTerminal: false), 0)
        XCTAssertEqual(curl.tokens, [nil], "curl --version runs without a token")
    }
}
