import Foundation
import XCTest

/// `status` and `logout`: state without secrets, and clean removal.
final class StatusTests: IntegrationTestCase {
    func testStatusJSONShowsStateAndNoSecret() throws {
        try login()
        let header = try session.authhelper(["header"])
        let result = try session.authhelper(["status", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["profile"] as? String, "default")
        XCTAssertEqual(json["server"] as? String, server.url)
        XCTAssertEqual(json["username"] as? String, "demo")
        XCTAssertEqual(json["logged_in"] as? Bool, true)
        XCTAssertEqual(json["refresh_token"] as? Bool, true)
        XCTAssertEqual(json["access_token_valid"] as? Bool, true)
        XCTAssertNotNil(json["access_token_expires_at"] as? String)
        let stored = try XCTUnwrap(storedSession())
        let secrets = [stored["refresh_token"] as! String, stored["access_token"] as! String, bearer(of: header.stdout)!]
        assertNoSecret(result.stdout + result.stderr, secrets, "status --json")
        let text = try session.authhelper(["status"])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("refresh token: held in the keyring"), text.stdout)
        assertNoSecret(text.stdout + text.stderr, secrets, "status")
    }

    func testStatusWhenNotLoggedInExits77OnStderr() throws {
        let result = try session.authhelper(["status"])
        assertFails(result, status: 77, naming: "Not logged in")
    }

    func testStatusAllListsEveryProfileAndExits0() throws {
        try login()
        try login(profile: "other")
        XCTAssertEqual(try session.authhelper(["logout", "--profile", "other"]).status, 0)
        let result = try session.authhelper(["status", "--all", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.map { $0["profile"] as? String }, ["default", "other"])
        XCTAssertEqual(list.map { $0["logged_in"] as? Bool }, [true, false])
        XCTAssertEqual(list.map { $0["default"] as? Bool }, [true, false])
        XCTAssertEqual(try session.authhelper(["status", "--all"]).status, 0)
    }

    /// Over an SSH login with no desktop: a profile in the desktop keyring cannot be read, the
    /// kernel-stored one can. `status --all` lists both and exits 0; `logout --all` logs out the
    /// one it can and says which it could not.
    func testStatusAllAndLogoutAllTakeEachProfileOnItsOwnWhenAStoreIsOutOfReach() throws {
        try login(profile: "desk")
        try login(profile: "box", environment: ["AUTHHELPER_STORE": "kernel"])
        let overSSH = ["DBUS_SESSION_BUS_ADDRESS": "unix:path=" + session.root.path + "/no-bus-here"]
        let status = try session.authhelper(["status", "--all"], environment: overSSH)
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("profile:       desk"), status.stdout)
        XCTAssertTrue(status.stdout.contains("session:       unknown here"), status.stdout)
        XCTAssertTrue(status.stdout.contains("profile:       box"), status.stdout)
        XCTAssertTrue(status.stdout.contains("access token:  valid until"), status.stdout)
        let json = try session.authhelper(["status", "--all", "--json"], environment: overSSH)
        XCTAssertEqual(json.status, 0, json.stderr)
        let listed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(listed.count, 2)
        XCTAssertNotNil(listed.first { $0["profile"] as? String == "desk" }?["store_unreadable"])
        XCTAssertEqual(listed.first { $0["profile"] as? String == "box" }?["logged_in"] as? Bool, true)

        let logout = try session.authhelper(["logout", "--all"], environment: overSSH)
        XCTAssertEqual(logout.status, 69, logout.stderr)
        XCTAssertTrue(logout.stderr.contains("Logged out of 'box'"), logout.stderr)
        XCTAssertTrue(logout.stderr.contains("profile 'desk' could not be logged out here"), logout.stderr)
        assertFails(try session.authhelper(["status", "--profile", "box"]), status: 77, naming: "Not logged in")
        XCTAssertEqual(try session.authhelper(["status", "--profile", "desk"]).status, 0, "the desktop session is untouched")
    }

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

    func testProfileSelectionFlagEnvironmentDefault() throws {
        try login()
        try login(profile: "work")
        XCTAssertEqual(try session.authhelper(["logout", "--profile", "default"]).status, 0)
        // default profile is logged out; the flag and the variable select "work".
        XCTAssertEqual(try session.authhelper(["token", "--min-ttl", "0"]).status, 77)
        XCTAssertEqual(try session.authhelper(["token", "--min-ttl", "0", "--profile", "work"]).status, 0)
        XCTAssertEqual(try session.authhelper(["token", "--min-ttl", "0"], environment: ["AUTHHELPER_PROFILE": "work"]).status, 0)
    }
}
