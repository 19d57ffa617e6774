import Foundation
import XCTest

/// authhelper against the library the seed API is built on, as its documentation sets it up:
/// stock fastapi-users with the JWT backend, whose login answers only an access token (no
/// refresh token, no expires_in; the JWT carries exp). Tests/Servers/fastapi_users_server.py.
final class FastAPIUsersTests: IntegrationTestCase {
    var api: PythonServerProcess!

    override func setUpWithError() throws {
        try super.setUpWithError()
        api = try PythonServerProcess(script: "fastapi_users_server.py", ["--lifetime", "4"])
    }

    override func tearDown() {
        api?.stop()
        super.tearDown()
    }

    func login(_ extra: [String] = []) throws -> ProcessResult {
        try session.authhelper(
            ["login", "--server", api.url, "--username", "demo@example.com", "--password-stdin"] + extra, stdin: "demo-password\n")
    }

    func testALoginWithoutARefreshTokenServesUntilTheTokenExpiresThenAsksForALogin() throws {
        let login = try login()
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(login.stderr.contains("no refresh token"), "a one-line notice: \(login.stderr)")
        let header = try session.authhelper(["header"])
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertEqual(try api.status(of: "/users/me", token: try XCTUnwrap(bearer(of: header.stdout))), 200)
        // More than the token has cannot be had without a refresh token: the token still serves.
        let short = try session.authhelper(["token", "--min-ttl", "10"])
        XCTAssertEqual(short.status, 0, short.stderr)
        XCTAssertEqual(short.stdoutLine, bearer(of: header.stdout), "the same token, until it expires")
        let status = try session.authhelper(["status"])
        XCTAssertTrue(status.stdout.contains("refresh token: none (the server gives none); the session ends at"), status.stdout)
        let json = try session.authhelper(["status", "--json"])
        let fields = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stderr)
        XCTAssertEqual(fields["refresh_token"] as? Bool, false)
        XCTAssertNotNil(fields["session_ends_at"] as? String, json.stdout)
        sleep(5)
        let ended = try session.authhelper(["header"])
        assertFails(ended, status: 77, naming: "has ended", "authhelper login")
        XCTAssertEqual(try api.counter("logins"), 1, "nothing was sent on its own")
    }

    func testRememberPasswordLogsInAgainByItselfWhenTheSessionEnds() throws {
        let login = try login(["--remember-password"])
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("remember_password = true"))
        let first = try XCTUnwrap(bearer(of: try session.authhelper(["header"]).stdout))
        sleep(5)
        let again = try session.authhelper(["header"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let second = try XCTUnwrap(bearer(of: again.stdout))
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(try api.counter("logins"), 2, "a new login, silently")
        XCTAssertEqual(try api.status(of: "/users/me", token: second), 200)
        // The password lives only in the keyring item, never in a file.
        for file in session.allFiles() {
            XCTAssertFalse(String(decoding: file.contents, as: UTF8.self).contains("demo-password"), file.path)
        }
    }

    func testRememberPasswordIsRefusedWithTheFileStore() throws {
        let result = try session.authhelper(
            ["login", "--server", api.url, "--username", "demo@example.com", "--password-stdin", "--remember-password"],
            stdin: "demo-password\n", environment: ["AUTHHELPER_STORE": "file"])
        assertFails(result, status: 64, naming: "file store")
        XCTAssertEqual(try api.counter("logins"), 0)
    }
}
