import AuthHelperCore
import XCTest

/// git's operations against the in-memory store: get, erase, store, and the unknown ones.
final class GitCredentialServiceTests: XCTestCase {
    let now: Int64 = 1_000_000
    let request = Array("protocol=http\nhost=127.0.0.1:9\n\n".utf8)

    func testGetAnswersWithATokenForTheMatchingProfileAndNothingForAnotherHost() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
        let service = GitCredentialService(context: harness.context())
        XCTAssertEqual(
            try service.answer(operation: "get", input: request), "username=demo\npassword=a1\npassword_expiry_utc=\(now + 3590)\n")
        XCTAssertNil(
            try service.answer(operation: "get", input: Array("protocol=https\nhost=github.com\n\n".utf8)), "git asks its next helper")
    }

    func testEraseDropsTheAccessTokenOnlyAndStoreAndUnknownOperationsDoNothing() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
        let service = GitCredentialService(context: harness.context())
        XCTAssertNil(try service.answer(operation: "store", input: request))
        XCTAssertNil(try service.answer(operation: "frobnicate", input: request))
        XCTAssertEqual(harness.store.saves.count, 0)
        XCTAssertNil(try service.answer(operation: "erase", input: Array("protocol=http\nhost=127.0.0.1:9\npassword=a1\n\n".utf8)))
        XCTAssertNil(harness.store.session?.accessToken, "the access token is dropped")
        XCTAssertEqual(harness.store.session?.refreshToken, "r1", "the refresh token stays")
        XCTAssertThrowsError(try service.answer(operation: "get", input: Array("no equals sign\n".utf8))) {
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 64)
        }
    }
}
