import Foundation
import XCTest

/// `header` and `token`: the product and only the product, kept out of argv, the runtime cache and
/// what turns it off or invalidates it, verbose output without a secret.
final class HeaderTests: IntegrationTestCase {
    /// Login hands out access tokens that are already expired; refreshed ones live an hour.
    override var serverArguments: [String] { ["--login-access-ttl", "0", "--access-ttl", "3600"] }

    func testHeaderWorksWithRealCurl() throws {
        try login()
        let result = try session.shell(
            #"curl -s -w '\n%{http_code}' -H "$(authhelper header)" "$URL/users/me""#,
            environment: ["URL": server.url])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.last, "200", result.stdout)
        XCTAssertTrue(result.stdout.contains("\"email\":\"demo\""), result.stdout)
    }

    func testHeaderThroughProcessSubstitutionKeepsTokenOutOfArgv() throws {
        try login()
        let result = try session.shell(
            #"curl -s -o /dev/null -w '%{http_code}' -H @<(authhelper header) "$URL/users/me""#,
            environment: ["URL": server.url])
        XCTAssertEqual(result.stdout, "200", result.stderr)
    }

    func testHeaderAndTokenPrintOnlyTheProduct() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let header = try session.authhelper(["header"])
        XCTAssertEqual(header.status, 0)
        XCTAssertEqual(header.stderr, "")
        let token = try XCTUnwrap(bearer(of: header.stdout))
        XCTAssertEqual(header.stdout, "Authorization: Bearer \(token)\n")
        let bare = try session.authhelper(["token"])
        XCTAssertEqual(bare.stdout, token + "\n")
        XCTAssertEqual(try server.usersMeStatus(token: token), 200)
        XCTAssertEqual(try server.counter("refreshes"), 1, "a valid cached token needs no refresh")
    }

    func testNotLoggedInExits77() throws {
        let result = try session.authhelper(["header"])
        assertFails(result, status: 77, naming: "authhelper login")
    }

    func testVerboseOutputNeverShowsASecret() throws {
        try login(extra: ["-v"])
        let header = try session.authhelper(["header", "-v"])
        XCTAssertEqual(header.status, 0)
        XCTAssertTrue(header.stderr.contains("refresh"), "verbose output explains the refresh: \(header.stderr)")
        let stored = try XCTUnwrap(storedSession())
        let secrets = [stored["refresh_token"] as! String, stored["access_token"] as! String, "demo-password"]
        assertNoSecret(header.stderr, secrets, "verbose stderr")
        let refresh = try session.authhelper(["refresh", "-v"])
        assertNoSecret(refresh.stderr + refresh.stdout, secrets + [try XCTUnwrap(storedRefreshToken())], "verbose refresh")
    }

    func testCacheOffStillWorksThroughTheKeyring() throws {
        try login()
        let result = try session.authhelper(["token"], environment: ["AUTHHELPER_NO_CACHE": "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: result.stdoutLine), 200)
        let cached = try String(contentsOfFile: session.cacheDirectory + "/default", encoding: .utf8)
        XCTAssertFalse(cached.contains(result.stdoutLine), "with AUTHHELPER_NO_CACHE the new token is not cached")
    }

    func testCacheFalseInTheProfileRemovesTheCacheFile() throws {
        try login()
        XCTAssertTrue(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"))
        try (String(contentsOfFile: session.configFile, encoding: .utf8) + "cache = false\n")
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let result = try session.authhelper(["token"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: result.stdoutLine), 200)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"),
            "with cache = false, the cache file is removed")
    }

    func testEditedConfigInvalidatesTheFastPath() throws {
        try login()
        let token = try session.authhelper(["token"]).stdoutLine
        // Point the profile at another (dead) server: the cached token must not be served blindly.
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config = config.replacingOccurrences(of: server.url, with: "http://127.0.0.1:9")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let result = try session.authhelper(["token"])
        XCTAssertNotEqual(result.stdoutLine, token)
        XCTAssertEqual(result.status, 77, "no session stored for the new server: \(result.stderr)")
    }
}
