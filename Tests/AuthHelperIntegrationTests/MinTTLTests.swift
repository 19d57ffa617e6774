import Foundation
import XCTest

/// `--min-ttl` against a server of short-lived tokens (100 s): an explicit value is a promise,
/// the default is a margin capped at half the lifetime. Both the fast path (header, token) and
/// the parsed commands (kube-credential, curl) keep the same rule.
final class MinTTLTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--access-ttl", "100"] }

    /// Seconds left on the token the command printed, as the server's JWT says.
    func secondsLeft(_ token: String) throws -> Int {
        let payload = String(token.split(separator: ".")[1])
        var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let claims = try JSONSerialization.jsonObject(with: Data(base64Encoded: base64)!) as! [String: Any]
        return (claims["exp"] as! Int) - Int(Date().timeIntervalSince1970)
    }

    func testTheDefaultMarginDoesNotRefreshAShortLivedTokenOnEveryCall() throws {
        try login()
        for _ in 0..<3 { XCTAssertEqual(try session.authhelper(["header"]).status, 0) }
        XCTAssertEqual(try server.counter("refreshes"), 0, "60 s capped at half of 100 s: a new token is good")
    }

    func testAnExplicitMinTTLWithinTheLifetimeIsKeptByARefresh() throws {
        try login()
        sleep(3)
        // 97 s or less are left; 98 are asked for and a refresh can give 100.
        let result = try session.authhelper(["token", "--min-ttl", "98"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "", "a promise a refresh keeps needs no warning")
        XCTAssertEqual(try server.counter("refreshes"), 1)
        XCTAssertGreaterThanOrEqual(try secondsLeft(result.stdoutLine), 98)
        // The default is met by that token: no second refresh.
        XCTAssertEqual(try session.authhelper(["token"]).status, 0)
        XCTAssertEqual(try server.counter("refreshes"), 1)
    }

    func testAPromiseBeyondTheLifetimePrintsAFreshTokenWithOneWarningOnEveryPath() throws {
        try login()
        let commands: [[String]] = [
            ["header", "--min-ttl", "999999"],  // fast path, then the service without ArgumentParser
            ["--profile", "default", "token", "--min-ttl=999999"],  // options before the command
            ["kube-credential", "--min-ttl", "999999"],  // through ArgumentParser
        ]
        for (index, command) in commands.enumerated() {
            let result = try session.authhelper(command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            XCTAssertEqual(try server.counter("refreshes"), index + 1, "\(command) refreshed once, no loop")
            XCTAssertEqual(result.stderr.components(separatedBy: "warning:").count - 1, 1, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("100 s"), "names the server's lifetime: \(result.stderr)")
            XCTAssertFalse(result.stdout.isEmpty)
        }
        let token = try session.authhelper(["token", "--min-ttl", "0"]).stdoutLine
        XCTAssertEqual(try server.usersMeStatus(token: token), 200)
    }

    func testTheCurlWrapperKeepsThePromiseToo() throws {
        try login()
        sleep(3)
        let result = try session.authhelper([
            "curl", "--min-ttl", "98", "-s", "-o", "/dev/null", "-w", "%{http_code}", server.url + "/users/me",
        ])
        XCTAssertEqual(result.stdout, "200", result.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 1)
    }
}
