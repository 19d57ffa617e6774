import Foundation
import XCTest

/// The fault matrix: each failure the development server can inject, on login and on refresh,
/// maps to the contract's exit code with a one-line message, prints nothing on stdout, and
/// leaves what is stored intact — the session works again once the fault is gone.
final class FaultTests: IntegrationTestCase {
    /// Login hands out expired access tokens, so every `header` needs a refresh.
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    static let matrix: [(kind: String, exitCode: Int32, message: String)] = [
        ("status:500", 75, "HTTP 500"),
        ("status:503", 75, "HTTP 503"),
        ("status:429", 75, "rate-limiting"),
        ("garbage", 65, "not JSON"),
        ("empty", 65, "empty body"),
        ("truncated", 65, "not JSON"),
        ("huge", 65, "larger than"),
        ("redirect", 65, "does not follow redirects"),
        ("not-bearer", 65, "asked for a bearer token"),
        ("invalid-utf8", 65, "UTF-8"),
        ("drop", 75, "broke off"),
        ("delay:3000", 75, "timed out"),
    ]

    func assertOneLine(_ result: ProcessResult, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.stdout, "", "\(what): nothing on stdout", file: file, line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(what): one line: \(result.stderr)", file: file, line: line)
    }

    func testRefreshFaultsMapToExitCodesAndKeepTheSession() throws {
        try login()
        try assertRefreshFaultsKeepTheSession()
    }

    /// The same matrix against the OAuth 2.0 kind: the dev server's standard token endpoint.
    func testRefreshFaultsMapToExitCodesOnTheOAuth2KindToo() throws {
        try login(extra: ["--token-url", server.url + "/oauth/token"])
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("token_url"))
        try assertRefreshFaultsKeepTheSession()
    }

    func assertRefreshFaultsKeepTheSession(file: StaticString = #filePath, line: UInt = #line) throws {
        for fault in Self.matrix {
            let before = try XCTUnwrap(storedRefreshToken())
            try server.addFault(target: "refresh", kind: fault.kind, count: 1)
            // One second for the delay to time out; the others get time to arrive whole on a busy
            // machine (a 2 MiB answer must be refused for its size, not for the clock).
            let result = try session.authhelper(["header", "--timeout", fault.kind.hasPrefix("delay") ? "1" : "10"])
            XCTAssertEqual(result.status, fault.exitCode, "\(fault.kind): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(fault.message), "\(fault.kind): \(result.stderr)")
            assertOneLine(result, fault.kind)
            XCTAssertEqual(try storedRefreshToken(), before, "\(fault.kind): the stored refresh token is untouched")
            try server.clearFaults()
        }
        // After all of them, the stored refresh token still works.
        let healed = try session.authhelper(["header"])
        XCTAssertEqual(healed.status, 0, healed.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: healed.stdout))), 200)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
    }

    func testLoginFaultsStoreNothing() throws {
        for fault in Self.matrix where fault.kind != "delay:3000" {
            try server.addFault(target: "login", kind: fault.kind, count: 1)
            let result = try session.authhelper(
                ["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
            XCTAssertEqual(result.status, fault.exitCode, "\(fault.kind): \(result.stderr)")
            assertOneLine(result, fault.kind)
            XCTAssertNil(try storedSession(), "\(fault.kind): nothing stored")
            XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "\(fault.kind): no config written")
            try server.clearFaults()
        }
        try login()
    }

    func testProfileTimeoutIsHonoured() throws {
        try login()
        try (String(contentsOfFile: session.configFile, encoding: .utf8) + "timeout = 1\n")
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        try server.addFault(target: "refresh", kind: "delay:3000", count: 1)
        let started = Date()
        let result = try session.authhelper(["header"])
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.9, "the 1 s timeout cut the 3 s delay short")
    }

    func testNameResolutionFailureExits69() throws {
        let result = try session.authhelper(
            ["login", "--server", "https://no-such-host.invalid", "--username", "demo", "--password-stdin"],
            stdin: "demo-password\n")
        assertFails(result, status: 69, naming: "Cannot resolve")
    }

    /// 100 concurrent calls on an expired token while a fifth of refreshes fail with 500: no
    /// refresh token is ever presented twice, every call prints a working token or exits 75,
    /// and the profile works afterwards.
    func testSoakConcurrentCallsWithFailingRefreshes() throws {
        try login()
        try server.addFault(target: "refresh", kind: "status:500", rate: 0.2)
        let processes = try (0..<100).map { _ in try ProcessRunner.start(Products.authhelper, ["header"], environment: session.environment)
        }
        let results = processes.map { $0.wait() }
        var tokens = Set<String>()
        for result in results {
            if result.status == 0 {
                tokens.insert(try XCTUnwrap(bearer(of: result.stdout)))
            } else {
                XCTAssertEqual(result.status, 75, result.stderr)
                XCTAssertEqual(result.stdout, "")
            }
        }
        XCTAssertEqual(try server.counter("refresh_reuse"), 0, "no refresh token was presented twice")
        for token in tokens { XCTAssertEqual(try server.usersMeStatus(token: token), 200) }
        try server.clearFaults()
        let after = try session.authhelper(["header"])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: after.stdout))), 200)
    }

    func testThousandSequentialWarmCalls() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        var failures = 0
        for _ in 0..<1000 where try session.authhelper(["header"]).status != 0 { failures += 1 }
        XCTAssertEqual(failures, 0)
        XCTAssertEqual(try server.counter("refreshes"), 1)
    }
}
