import Foundation
import XCTest

/// Refreshing: an expiring token refreshed and the new pair stored, rotation across refreshes,
/// one refresh for a burst, `--min-ttl`, `authhelper refresh`, and what a failing refresh exits.
final class RefreshTests: IntegrationTestCase {
    /// Login hands out access tokens that are already expired; refreshed ones live an hour.
    override var serverArguments: [String] { ["--login-access-ttl", "0", "--access-ttl", "3600"] }

    func testExpiringTokenIsRefreshedAndTheNewPairStored() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        let result = try session.authhelper(["header"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 1)
        let after = try XCTUnwrap(storedRefreshToken())
        XCTAssertNotEqual(before, after, "the rotated refresh token is stored")
        let token = try XCTUnwrap(bearer(of: result.stdout))
        XCTAssertEqual(try storedSession()?["access_token"] as? String, token, "the printed token is the stored one")
        XCTAssertEqual(try server.usersMeStatus(token: token), 200)
    }

    func testAnExplicitMinTTLBeyondTheLifetimeRefreshesAndWarnsOnce() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        XCTAssertEqual(try session.authhelper(["header", "--min-ttl", "1000"]).status, 0)
        XCTAssertEqual(try server.counter("refreshes"), 1, "3600 s left keeps --min-ttl 1000")
        let beyond = try session.authhelper(["header", "--min-ttl", "7200"])
        XCTAssertEqual(beyond.status, 0, beyond.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 2, "a promise the cached token cannot keep refreshes first")
        XCTAssertEqual(beyond.stderr.components(separatedBy: "warning:").count - 1, 1, "one warning: \(beyond.stderr)")
        XCTAssertTrue(beyond.stderr.contains("3600 s"), "names the server's lifetime: \(beyond.stderr)")
        let token = try XCTUnwrap(bearer(of: beyond.stdout))
        XCTAssertEqual(try server.usersMeStatus(token: token), 200)
    }

    func testRotationPersistsAcrossTwoRefreshes() throws {
        try login()
        let first = try XCTUnwrap(storedRefreshToken())
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        let second = try XCTUnwrap(storedRefreshToken())
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        let third = try XCTUnwrap(storedRefreshToken())
        XCTAssertEqual(Set([first, second, third]).count, 3)
        XCTAssertEqual(try server.counter("refreshes"), 2)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0, "no refresh token was presented twice")
        XCTAssertEqual(try server.counter("refresh_rejections"), 0)
        let token = try session.authhelper(["token", "--min-ttl", "0"]).stdoutLine
        XCTAssertEqual(try server.usersMeStatus(token: token), 200)
    }

    func testRefreshPrintsNothingOnStdout() throws {
        try login()
        let result = try session.authhelper(["refresh"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Refreshed"), result.stderr)
    }

    func testFiftyConcurrentHeadersOnAnExpiringTokenMakeOneRefresh() throws {
        try login()
        // Hold the refresh lock until all fifty are queued on it, so every one of them reaches
        // the re-read under the lock instead of finding a token refreshed before it started.
        let lock = session.cacheDirectory + "/default.lock"
        let holder = try lockHolder(lock)
        let processes = try (0..<50).map { _ in
            try ProcessRunner.start(Products.authhelper, ["header"], environment: session.environment)
        }
        try waitUntil("all fifty wait for the lock", seconds: 20) {
            processes.allSatisfy { process($0.process.processIdentifier, hasOpen: lock) }
        }
        holder.terminate()
        let results = processes.map { $0.wait() }
        for result in results { XCTAssertEqual(result.status, 0, result.stderr) }
        XCTAssertEqual(try server.counter("refreshes"), 1, "single flight: exactly one refresh request")
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
        let tokens = Set(results.compactMap { bearer(of: $0.stdout) })
        XCTAssertEqual(results.compactMap { bearer(of: $0.stdout) }.count, 50)
        for token in tokens { XCTAssertEqual(try server.usersMeStatus(token: token), 200) }
    }

    func testPostmanRefreshEndpointIsSelectablePerProfile() throws {
        try login()
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config += "refresh = \"postman-refresh\"\n"
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try server.counter("postman_refreshes"), 1)
        XCTAssertEqual(try server.counter("refreshes"), 0)
    }

    func testServerErrorOnRefreshExits75AndKeepsTheSession() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        try server.addFault(target: "refresh", kind: "status:500", count: 1)
        let failed = try session.authhelper(["header"])
        XCTAssertEqual(failed.status, 75, failed.stderr)
        XCTAssertEqual(failed.stdout, "", "nothing on stdout when failing")
        XCTAssertEqual(try storedRefreshToken(), before, "nothing stored was changed")
        let healed = try session.authhelper(["header"])
        XCTAssertEqual(healed.status, 0, healed.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: healed.stdout))), 200)
    }

    func testServerDownOnRefreshExits69() throws {
        try login()
        server.stop()
        let result = try session.authhelper(["header"])
        XCTAssertEqual(result.status, 69, result.stderr)
    }

    func testRejectedRefreshTokenExits77WithAdvice() throws {
        try login()
        let stored = try XCTUnwrap(storedSession())
        // Spend the stored refresh token behind authhelper's back.
        try spend(stored["refresh_token"] as! String)
        let result = try session.authhelper(["header"])
        assertFails(result, status: 77, naming: "authhelper login")
        assertNoSecret(result.stderr, [stored["refresh_token"] as! String], "stderr of a rejected refresh")
    }
}
