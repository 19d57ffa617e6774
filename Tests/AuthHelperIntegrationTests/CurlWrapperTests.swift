import Foundation
import XCTest

final class CurlWrapperTests: IntegrationTestCase {
    func testOutputAndStatusAreCurls() throws {
        try login()
        let token = try session.authhelper(["token"]).stdoutLine
        let plain = try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-H", "@-", server.url + "/users/me"], environment: [:],
            stdin: "Authorization: Bearer \(token)\n")
        let wrapped = try session.authhelper(["curl", "-s", server.url + "/users/me"])
        XCTAssertEqual(wrapped.status, 0, wrapped.stderr)
        XCTAssertEqual(wrapped.stdout, plain.stdout, "stdout is curl's, byte for byte")
        XCTAssertEqual(wrapped.stderr, "")
        let failing = try session.authhelper(["curl", "--", "-sf", server.url + "/no-such-path"])
        XCTAssertEqual(failing.status, 22, "curl's own exit status")
        server.stop()
        let unreachable = try session.authhelper(["curl", "-s", server.url + "/users/me"])
        XCTAssertEqual(unreachable.status, 7, "curl's own exit status: \(unreachable.stderr)")
    }

    func testRetriesOnceAfterA401WithAFreshToken() throws {
        try login()
        try server.expireAccessTokens()
        let result = try session.authhelper(["curl", "-s", "-w", "\n%{http_code}", server.url + "/users/me"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix("\n200"), "only the retried answer is shown: \(result.stdout)")
        XCTAssertFalse(result.stdout.contains("Unauthorized"))
        XCTAssertEqual(try server.counter("refreshes"), 1)
        XCTAssertEqual(try server.counter("users_me_unauthorized"), 1)
    }

    func testNoRetryWhenTheBodyComesFromStdin() throws {
        try login()
        try server.expireAccessTokens()
        let result = try session.authhelper(
            [
                "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@-", "-X", "GET",
                server.url + "/users/me",
            ], stdin: "body")
        XCTAssertEqual(result.stdout, "401")
        XCTAssertEqual(try server.counter("refreshes"), 0)
    }

    /// The child curl gets the header through a private descriptor: no process's argv (which
    /// every user can read) and not the child's environment holds a secret.
    func testSecretsAreInNoProcessArgvAndNotInCurlsEnvironment() throws {
        try login()
        let stored = try XCTUnwrap(storedSession())
        let token = try XCTUnwrap(stored["access_token"] as? String)
        let secrets = [token, try XCTUnwrap(stored["refresh_token"] as? String), "demo-password"]
        try server.addFault(target: "users-me", kind: "delay:1500", count: 1)
        let running = try ProcessRunner.start(
            Products.authhelper, ["curl", "-s", server.url + "/users/me"], environment: session.environment)
        var samples = 0
        var curlEnvironment: String?
        let deadline = Date().addingTimeInterval(3)
        while running.process.isRunning && Date() < deadline {
            let ps = try ProcessRunner.run("/bin/ps", ["-eo", "pid=,args="], environment: ["PATH": "/usr/bin:/bin"])
            assertNoSecret(ps.stdout, secrets, "the argv of a running process")
            for line in ps.stdout.split(separator: "\n") where line.contains("curl -q -K /dev/fd/3") {
                let pid = line.split(separator: " ", omittingEmptySubsequences: true)[0]
                if let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"), !environ.isEmpty {
                    curlEnvironment = String(decoding: environ, as: UTF8.self)
                }
            }
            samples += 1
            usleep(50_000)
        }
        let result = running.wait()
        XCTAssertEqual(result.status, 0, result.stderr)
        let environment = try XCTUnwrap(curlEnvironment, "the sampling saw curl running (\(samples) samples)")
        XCTAssertTrue(environment.contains("XDG_RUNTIME_DIR="), "this is curl's environment")
        assertNoSecret(environment, secrets, "curl's environment")
        XCTAssertTrue(result.stdout.contains("\"email\":\"demo\""))
    }

    func testHelpIsAuthhelpersOwnAndCurlGetsTheRest() throws {
        let result = try session.authhelper(["curl", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("USAGE: authhelper curl"), result.stdout)
        try login()
        // --profile is authhelper's; everything from the first unknown argument is curl's, --help included.
        let passed = try session.authhelper(["curl", "--profile", "default", "-s", "--help", "all"])
        XCTAssertEqual(passed.status, 0, passed.stderr)
        XCTAssertTrue(passed.stdout.contains("--data-binary"), "curl's own help")
    }
}
