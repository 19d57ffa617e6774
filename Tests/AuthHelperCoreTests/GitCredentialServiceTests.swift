import AuthHelperCore
import XCTest

/// git's operations against the in-memory store, with git's request as scripted standard input:
/// get, erase, store, and the unknown ones.
final class GitCredentialServiceTests: XCTestCase {
    let now: Int64 = 1_000_000
    let request = "protocol=http\nhost=127.0.0.1:9\n\n"

    func harness() throws -> CoreHarness {
        try CoreHarness(session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
    }

    func answer(_ harness: CoreHarness, _ operation: String, _ input: String) throws -> String? {
        try GitCredentialService(context: harness.context(input: input)).answer(operation: operation)
    }

    func testGetAnswersWithATokenForTheMatchingProfileAndNothingForAnotherHost() throws {
        let harness = try harness()
        XCTAssertEqual(try answer(harness, "get", request), "username=demo\npassword=a1\npassword_expiry_utc=\(now + 3590)\n")
        XCTAssertNil(try answer(harness, "get", "protocol=https\nhost=github.com\n\n"), "git asks its next helper")
    }

    func testEraseDropsTheAccessTokenOnlyAndStoreAndUnknownOperationsDoNothing() throws {
        let harness = try harness()
        XCTAssertNil(try answer(harness, "store", request))
        XCTAssertNil(try answer(harness, "frobnicate", request))
        XCTAssertEqual(harness.store.saves.count, 0)
        XCTAssertNil(try answer(harness, "erase", "protocol=http\nhost=127.0.0.1:9\npassword=a1\n\n"))
        XCTAssertNil(harness.store.session?.accessToken, "the access token is dropped")
        XCTAssertEqual(harness.store.session?.refreshToken, "r1", "the refresh token stays")
        XCTAssertThrowsError(try answer(harness, "get", "no equals sign\n")) {
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 64)
        }
    }
}
