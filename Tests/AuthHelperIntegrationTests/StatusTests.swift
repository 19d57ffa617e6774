import Foundation
import XCTest

/// `status`: state without secrets, every profile, a store out of reach, the profile selected.
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
