import Foundation
import XCTest

/// KeePassXC (Debian 12's 2.7.4) as the Secret Service, headless: login, header, refresh,
/// status, logout and a locked database behave exactly as with gnome-keyring. Before the fix, the
/// first refresh hung 20 s in the store (KeePassXC's bug #9255: replacing an item through
/// CreateItem opens a dialog nobody sees) and lost the session; a locked database answered every
/// search with nothing, read as "not logged in".
final class KeePassXCTests: IntegrationTestCase {
    override var keyringProvider: KeyringSession.Provider { .keepassxc }
    /// Login hands out expired access tokens, so every `header` needs a refresh.
    override var serverArguments: [String] { ["--login-access-ttl", "0", "--access-ttl", "3600"] }

    func testLoginHeaderRefreshStatusAndLogoutWork() throws {
        try login()
        let first = try XCTUnwrap(storedRefreshToken(), "the session is in KeePassXC, as secret-tool sees it")
        let started = Date()
        let header = try session.authhelper(["header", "-v"])
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "the store does not hang on a hidden dialog")
        XCTAssertTrue(header.stderr.contains("new pair stored"), header.stderr)
        let second = try XCTUnwrap(storedRefreshToken())
        XCTAssertNotEqual(first, second, "the rotated pair replaced the old one in the same item")
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: try session.authhelper(["header"]).stdout))), 200)
        let status = try session.authhelper(["status"])
        XCTAssertTrue(status.stdout.contains("held in the keyring (Secret Service)"), status.stdout)
        XCTAssertEqual(try session.authhelper(["logout"]).status, 0)
        XCTAssertNil(try storedRefreshToken())
        assertFails(try session.authhelper(["status"]), status: 77, naming: "Not logged in")
    }

    func testALockedDatabaseIsReportedAsLockedWithoutADialogAndKeepsTheSession() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        try session.lockKeyring()
        let started = Date()
        let locked = try session.authhelper(["header"], environment: ["AUTHHELPER_NO_CACHE": "1"])
        assertFails(locked, status: 69, naming: "locked")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "no dialog is waited for without a terminal")
        let login = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
        assertFails(login, status: 69, naming: "locked")
        XCTAssertEqual(try server.counter("logins"), 1, "no password was spent on a store that could not keep it")
        try session.unlockKeePassXC()
        let after = try session.authhelper(["header"], environment: ["AUTHHELPER_NO_CACHE": "1"])
        XCTAssertEqual(after.status, 0, "the session survived the lock: \(after.stderr)")
    }
}
