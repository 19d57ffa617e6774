import Foundation
import XCTest

/// The direct Secret Service calls on `header`'s path (Sources/CLibSecret/secret_bus.c): what goes
/// over the bus, as dbus-monitor sees it, and that the other side — gnome-keyring here, KeePassXC
/// when scripts/test runs these again with AUTHHELPER_TEST_KEYRING=keepassxc, and libsecret's
/// `secret-tool` reading afterwards — agrees on every encrypted byte.
final class SecretBusTests: IntegrationTestCase {
    /// Login hands out access tokens that are already expired; refreshed ones live an hour.
    override var serverArguments: [String] { ["--login-access-ttl", "0", "--access-ttl", "3600"] }

    private let cacheOff = ["AUTHHELPER_NO_CACHE": "1"]

    /// Everything on the session bus while `body` runs, as dbus-monitor prints it.
    func busTraffic(during body: () throws -> Void) throws -> String {
        let monitor = try ProcessRunner.start(
            "/usr/bin/dbus-monitor", ["--address", session.busAddress], environment: session.environment)
        defer { monitor.terminate() }
        try waitUntil("dbus-monitor is listening") { monitor.stdoutSoFar().contains("NameAcquired") }
        try body()
        usleep(300_000)
        return monitor.stdoutSoFar()
    }

    /// The members of the method calls made by the connection that opened a Secret Service session.
    func callsOfTheClient(in traffic: String) -> [String] {
        let calls = traffic.split(separator: "\n").filter { $0.hasPrefix("method call ") }
        func field(_ name: String, of line: Substring) -> String? {
            line.split(separator: " ").first { $0.hasPrefix(name + "=") }.map {
                String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .init(charactersIn: ";"))
            }
        }
        guard let client = calls.first(where: { field("member", of: $0) == "OpenSession" }).flatMap({ field("sender", of: $0) }) else {
            return []
        }
        return calls.filter { field("sender", of: $0) == client }.compactMap { field("member", of: $0) }
    }

    func testACacheOffHeaderIsFourMessagesAndTheSecretCrossesTheBusEncrypted() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0, "refreshes the login's expired token")
        let stored = try XCTUnwrap(storedSession())
        let refreshToken = try XCTUnwrap(stored["refresh_token"] as? String)
        let accessToken = try XCTUnwrap(stored["access_token"] as? String)
        var result: ProcessResult?
        let traffic = try busTraffic { result = try session.authhelper(["header"], environment: cacheOff) }
        XCTAssertEqual(result?.status, 0, result?.stderr ?? "")
        XCTAssertEqual(result?.stdout, "Authorization: Bearer \(accessToken)\n")
        XCTAssertEqual(callsOfTheClient(in: traffic), ["Hello", "OpenSession", "SearchItems", "GetSecret"])
        XCTAssertTrue(traffic.contains("string \"dh-ietf1024-sha256-aes128-cbc-pkcs7\""), "the session is encrypted")
        XCTAssertFalse(traffic.contains(refreshToken), "the refresh token never crosses the bus in the clear")
        XCTAssertFalse(traffic.contains(accessToken), "nor the access token")
        XCTAssertEqual(try server.counter("refreshes"), 1, "read, not refreshed")
    }

    /// The store after a refresh is one SetSecret through the session the read opened, and what it
    /// encrypted is what libsecret (`secret-tool`) decrypts afterwards.
    func testTheRefreshStoresWithOneSetSecretThatLibsecretReadsBack() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        var result: ProcessResult?
        let traffic = try busTraffic { result = try session.authhelper(["header"], environment: cacheOff) }
        XCTAssertEqual(result?.status, 0, result?.stderr ?? "")
        XCTAssertEqual(try server.counter("refreshes"), 1)
        let calls = callsOfTheClient(in: traffic)
        XCTAssertEqual(calls.filter { $0 == "OpenSession" }.count, 1, "no second session for the store: \(calls)")
        XCTAssertEqual(calls.last, "SetSecret", "\(calls)")
        XCTAssertFalse(calls.contains("CreateItem"), "the existing item is updated, not replaced: \(calls)")
        let after = try XCTUnwrap(storedRefreshToken(), "secret-tool decrypts the stored session")
        XCTAssertNotEqual(after, before)
        XCTAssertFalse(traffic.contains(after), "the new refresh token crossed the bus encrypted")
        let token = try XCTUnwrap(bearer(of: result?.stdout ?? ""))
        XCTAssertEqual(try storedSession()?["access_token"] as? String, token)
        let next = try session.authhelper(["refresh"])
        XCTAssertEqual(next.status, 0, "the stored pair is the server's current one: \(next.stderr)")
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
    }

    /// What the direct read cannot settle goes to libsecret: no item at all is "not logged in" (77)
    /// after libsecret has looked too, not a failure of the direct path.
    func testNoItemIsLeftToLibsecretAndReportedAsNotLoggedIn() throws {
        try login()
        let cleared = try ProcessRunner.run("/usr/bin/secret-tool", ["clear", "profile", "default"], environment: session.environment)
        XCTAssertEqual(cleared.status, 0, cleared.stderr)
        var result: ProcessResult?
        let traffic = try busTraffic { result = try session.authhelper(["header"], environment: cacheOff) }
        assertFails(try XCTUnwrap(result), status: 77, naming: "Not logged in")
        let calls = callsOfTheClient(in: traffic)
        XCTAssertEqual(Array(calls.prefix(3)), ["Hello", "OpenSession", "SearchItems"], "the direct search first: \(calls)")
        XCTAssertEqual(calls.filter { $0 == "SearchItems" }.count, 2, "then libsecret's own: \(calls)")
    }
}
