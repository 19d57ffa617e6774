import AuthHelperCore
import XCTest

/// `status` and `logout` against the in-memory store: what they report and what they remove.
final class AccountServiceTests: XCTestCase {
    let now: Int64 = 1_000_000

    func testStatusReportsTheSessionWithoutASecretAndNoSessionIs77() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
        let status = try AccountService(context: harness.context()).status()
        XCTAssertTrue(status.loggedIn)
        XCTAssertTrue(status.hasRefreshToken)
        XCTAssertEqual(status.accessTokenExpiresAt, now + 3590)
        let text = status.text(now: now) + status.json(now: now).serialized
        XCTAssertFalse(text.contains("r1") || text.contains("a1"), text)
        harness.store.put(nil)
        XCTAssertThrowsError(try AccountService(context: harness.context()).status()) {
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 77)
        }
    }

    func testLogoutRemovesTheSessionAndKeepsTheProfile() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
        let done = try AccountService(context: harness.context()).logout(all: false, local: true)
        XCTAssertEqual(done.map(\.profile), ["default"])
        XCTAssertNil(harness.store.session)
        XCTAssertEqual(harness.transport.sent.count, 0, "--local asks no server")
        XCTAssertTrue(
            try String(contentsOfFile: harness.directory + "/config/authhelper/config.toml", encoding: .utf8).contains("[profiles.default]")
        )
    }
}
