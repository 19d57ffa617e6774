import Foundation
import XCTest

/// `logout`: every runtime entry and store item of the profile removed (`--all`, `--forget`, a
/// session an earlier login left in another store), the profiles managed.
final class LogoutTests: IntegrationTestCase {
    /// Profiles one can manage: the default changed at a login, a profile removed from the config
    /// with its session.
    func testSetDefaultAndLogoutForgetManageTheProfiles() throws {
        try login(profile: "first")
        try login(profile: "second", extra: ["--set-default"])
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("default_profile = \"second\""), config)
        XCTAssertEqual(try session.authhelper(["status"]).status, 0)
        let forget = try session.authhelper(["logout", "--forget", "--profile", "second"])
        XCTAssertEqual(forget.status, 0, forget.stderr)
        config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertFalse(config.contains("[profiles.second]"), config)
        XCTAssertFalse(config.contains("default_profile"), "the default went with it: \(config)")
        XCTAssertTrue(config.contains("[profiles.first]"), config)
        XCTAssertNil(try session.keyringSecret(profile: "second", server: server.url, username: "demo"), "its session is gone")
        let all = try session.authhelper(["status", "--all"])
        XCTAssertTrue(all.stdout.contains("profile:       first") && !all.stdout.contains("second"), all.stdout)
    }

    func testLogoutRemovesKeyringItemAndRuntimeCache() throws {
        try login()
        XCTAssertNotNil(try storedSession())
        XCTAssertTrue(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"))
        let result = try session.authhelper(["logout"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNil(try storedSession())
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"))
        XCTAssertEqual(try session.authhelper(["header"]).status, 77)
        // Logging out twice is not an error.
        XCTAssertEqual(try session.authhelper(["logout"]).status, 0)
        // The profile's settings stay for the next login.
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("[profiles.default]"))
    }

    /// A desktop-keyring profile logged in again into the kernel store (the fix the no-D-Bus message
    /// gives) removes the keyring item it leaves behind, and says so.
    func testALoginIntoAnotherStoreRemovesTheSessionTheEarlierLoginLeft() throws {
        try login()
        let first = try XCTUnwrap(try storedSession()?["refresh_token"] as? String)
        let again = try login(environment: ["AUTHHELPER_STORE": "kernel"])
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains(#"store = "kernel""#))
        XCTAssertTrue(again.stderr.contains("Also removed the session of 'default' that an earlier login left in"), again.stderr)
        XCTAssertNil(try storedSession(), "the keyring holds no session of the profile")
        assertNoSecret(again.stderr, [first], "login's message")
        XCTAssertEqual(try session.authhelper(["header"]).status, 0, "the kernel store's session serves")
    }

    /// Where the keyring was out of reach at that login (no D-Bus, the very case the message is
    /// for), its item stays: logout, with the keyring back, removes the session from every store it
    /// is in, and says so, instead of "the local secrets are gone" while one still is.
    func testLogoutRemovesASessionAnEarlierLoginLeftInAnotherStore() throws {
        try login()
        let first = try XCTUnwrap(try storedSession()?["refresh_token"] as? String)
        try login(environment: ["AUTHHELPER_STORE": "kernel", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"])
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains(#"store = "kernel""#))
        XCTAssertEqual(try storedSession()?["refresh_token"] as? String, first, "the keyring item was out of reach, and left")

        let result = try session.authhelper(["logout"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("Also removed the session of 'default' that an earlier login left in"), result.stderr)
        XCTAssertNil(try storedSession(), "no store holds the session any more")
        assertFails(try session.authhelper(["header"]), status: 77, naming: "authhelper login")
        assertNoSecret(result.stderr, [first], "logout's message")
    }

    func testLogoutAllRemovesEveryProfile() throws {
        try login()
        try login(profile: "two")
        let logout = try session.authhelper(["logout", "--all"])
        XCTAssertEqual(logout.status, 0, logout.stderr)
        XCTAssertNil(try storedSession())
        XCTAssertNil(try storedSession(profile: "two"))
    }
}
