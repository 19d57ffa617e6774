import Foundation
import XCTest

/// `login --browser` (authorization code, PKCE S256, loopback redirect) against the development
/// server, whose authorization endpoint redirects straight back — or, with an `authorize` fault,
/// with an error, another login's `state` or another issuer. The browser is real curl, started
/// through `$BROWSER` as a person's browser would be, following the redirect to the listener.
final class BrowserLoginTests: IntegrationTestCase {
    let curlBrowser = ["BROWSER": "curl -fsS -o /dev/null -L"]

    func browserLogin(_ extra: [String] = [], environment: [String: String]? = nil) throws -> ProcessResult {
        try session.authhelper(
            ["login", "--browser", "--issuer", server.url, "--client-id", "cli", "-v"] + extra, environment: environment ?? curlBrowser)
    }

    func testABrowserLoginThroughBROWSERKeepsARefreshableSessionAndLeaksNoSecret() throws {
        let result = try browserLogin()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Opening a browser"), result.stderr)
        XCTAssertTrue(result.stderr.contains("code_challenge_method=S256"), result.stderr)
        XCTAssertEqual(try server.counter("code_logins"), 1, "the dev server checked SHA-256(verifier) against the challenge")
        XCTAssertEqual(try server.counter("code_rejections"), 0)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("grant = \"browser\""), config)

        let header = try session.authhelper(["header"])
        let token = try XCTUnwrap(bearer(of: header.stdout))
        XCTAssertFalse(result.stderr.contains(token), "the access token is not in -v output")
        let exchange = try XCTUnwrap(try server.stats()["last_code_exchange"] as? [String: String])
        assertNoSecret(
            result.stderr + result.stdout, [exchange["code"] ?? "?", exchange["code_verifier"] ?? "?", token], "login -v output")
        let refreshed = try session.authhelper(["refresh"])
        XCTAssertEqual(refreshed.status, 0, refreshed.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 1)
    }

    func testNoBrowserPrintsTheAddressAndARedirectPortIsUsedAndRecorded() throws {
        let port = LoopbackPort.free()
        let login = try ProcessRunner.start(
            Products.authhelper,
            ["login", "--browser", "--no-browser", "--redirect-port", "\(port)", "--issuer", server.url, "--client-id", "cli"],
            environment: session.environment.merging(curlBrowser) { $1 })
        let address = try XCTUnwrap(login.stderrLine(containing: "/oauth/authorize?"))
        XCTAssertTrue(address.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A\(port)%2Fcallback"), address)
        XCTAssertEqual(try server.counter("authorize_requests"), 0, "--no-browser opened nothing")
        let followed = try ProcessRunner.run("/usr/bin/curl", ["-fsS", "-L", address], environment: [:])
        XCTAssertTrue(followed.stdout.contains("You can close this window"), followed.stdout)
        let result = login.wait()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("redirect_port = \(port)"))
    }

    /// A session that ends at a terminal is renewed the way the profile logged in: the browser
    /// opens again, and no password is asked.
    func testAnEndedSessionAtATerminalLogsInAgainInTheBrowser() throws {
        server.stop()
        server = try DevServerProcess(["--access-ttl", "1"])
        XCTAssertEqual(try browserLogin().status, 0)
        try server.addFault(target: "refresh", kind: "oauth:invalid_grant")
        usleep(1_500_000)
        let out = session.root.path + "/tty-\(UUID().uuidString)"
        var env = session.environment.merging(curlBrowser) { $1 }
        env["PATH"] = Products.directory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["AUTHHELPER_NO_CACHE"] = "1"
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        defer { _ = try? terminal.tmux("kill-server") }
        try terminal.type("H=$(authhelper header); echo \"rc=$?\" > \(out); printf %s \"$H\" >> \(out)", keys: "Enter")
        var written = ""
        for _ in 0..<150 where !written.contains("Bearer") {
            usleep(100_000)
            written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        }
        let screen = try terminal.tmux("capture-pane -p -J").stdout
        XCTAssertTrue(written.hasPrefix("rc=0\nAuthorization: Bearer "), "\(written)\n\(screen)")
        XCTAssertTrue(screen.contains("has ended; log in again"), screen)
        XCTAssertTrue(screen.contains("Opening a browser"), screen)
        XCTAssertFalse(screen.contains("Password"), "no password is asked: \(screen)")
        XCTAssertEqual(try server.counter("code_logins"), 2)
    }

    /// RFC 8252 §8.3: the redirect listener is on the loopback address only.
    func testTheListenerIsBoundToLoopbackOnly() throws {
        let login = try ProcessRunner.start(
            Products.authhelper,
            ["login", "--browser", "--no-browser", "--browser-timeout", "5", "--issuer", server.url, "--client-id", "cli"],
            environment: session.environment)
        let address = try XCTUnwrap(login.stderrLine(containing: "/oauth/authorize?"))
        let port = try XCTUnwrap(
            address.components(separatedBy: "127.0.0.1%3A").last?.components(separatedBy: "%2F").first.flatMap { UInt16($0) })
        let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
        var listening: [String] = []
        for row in table.split(separator: "\n") {
            let fields = row.split(separator: " ")
            // local_address is field 1, st (0A: LISTEN) field 3.
            if fields.count > 3, fields[3] == "0A" { listening.append(String(fields[1])) }
        }
        let hex = String(format: ":%04X", port)
        XCTAssertEqual(listening.filter { $0.hasSuffix(hex) }, ["0100007F" + hex], "listening on 127.0.0.1 only: \(listening)")
        login.terminate()
    }

    func testAccessDeniedExits77() throws {
        try server.addFault(target: "authorize", kind: "oauth:access_denied")
        assertFails(try browserLogin(), status: 77, naming: "declined", "access_denied")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile))
    }

    func testAnAnswerWithAnotherLoginsStateIsNeverRedeemedAndTheLoginWaitsOn() throws {
        try server.addFault(target: "authorize", kind: "wrong-state")
        assertFails(try browserLogin(["--browser-timeout", "3"]), status: 75, naming: "within 3 s")
        XCTAssertEqual(try server.counter("code_logins"), 0, "the code was never redeemed")
    }

    /// A local process (or a web page) that knows the port cannot end the login with a forged
    /// request: it gets an error page, and the browser's real answer still logs in.
    func testForgedCallbacksDoNotEndTheLogin() throws {
        let port = LoopbackPort.free()
        let login = try ProcessRunner.start(
            Products.authhelper,
            ["login", "--browser", "--no-browser", "--redirect-port", "\(port)", "--issuer", server.url, "--client-id", "cli"],
            environment: session.environment)
        let address = try XCTUnwrap(login.stderrLine(containing: "/oauth/authorize?"))
        let callback = "http://127.0.0.1:\(port)/callback"
        for forged in [callback + "?code=forged&state=guess", callback + "?error=access_denied&state=x", callback, callback + "?code=c"] {
            let answer = try ProcessRunner.run("/usr/bin/curl", ["-q", "-sS", "-w", "\n%{http_code}", forged], environment: [:])
            XCTAssertTrue(answer.stdout.hasSuffix("\n400"), "\(forged): \(answer.stdout)")
            XCTAssertTrue(answer.stdout.contains("not an answer to the login"), answer.stdout)
        }
        XCTAssertTrue(login.process.isRunning, "the login still waits")
        let followed = try ProcessRunner.run("/usr/bin/curl", ["-q", "-fsS", "-L", address], environment: [:])
        XCTAssertTrue(followed.stdout.contains("You can close this window"), followed.stdout)
        let result = login.wait()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.counter("code_logins"), 1)
    }

    /// RFC 9207 §2.4: a server whose metadata says it sends `iss` always does, so an answer
    /// without it may be a mix-up and is refused.
    func testAnAnswerWithoutIssIsRefusedWhenTheServerPromisesIt() throws {
        try server.addFault(target: "authorize", kind: "no-iss", count: 1)
        assertFails(try browserLogin(), status: 77, naming: "carries no iss", "RFC 9207")
        XCTAssertEqual(try server.counter("code_logins"), 0)
        XCTAssertEqual(try browserLogin().status, 0, "the same login with iss works")
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("authorization_response_iss = true"))
    }

    /// A fixed --redirect-port can be used again right after a login (SO_REUSEADDR: the last
    /// connection may still be in TIME_WAIT).
    func testAFixedRedirectPortServesThreeLoginsBackToBack() throws {
        let port = LoopbackPort.free()
        for attempt in 1...3 {
            // Whether the last login's connection left a TIME_WAIT on the port depends on who
            // closed first (a browser that lingers leaves it to authhelper); make sure one is there.
            try leaveTimeWait(on: port)
            let result = try browserLogin(["--redirect-port", "\(port)"])
            XCTAssertEqual(result.status, 0, "login \(attempt): \(result.stderr)")
        }
        XCTAssertEqual(try server.counter("code_logins"), 3)
    }

    func testAnAnswerFromAnotherIssuerIsRefused() throws {
        try server.addFault(target: "authorize", kind: "wrong-iss")
        assertFails(try browserLogin(), status: 77, naming: "https://elsewhere.invalid", "RFC 9207")
        XCTAssertEqual(try server.counter("code_logins"), 0)
    }

    /// The address is printed at once; a browser that does not start (its command, then
    /// xdg-open, each ending at once with a failure) is said; and when no answer comes for a
    /// while, one line names what a refused redirect needs: --redirect-port, --no-browser.
    func testABrowserThatDoesNotStartIsSaidAndAWaitWithoutAnswerNamesTheRedirectPort() throws {
        let result = try browserLogin(["--browser-timeout", "4"], environment: ["BROWSER": "false"])
        assertFails(result, status: 75, naming: "within 4 s")
        let address = try XCTUnwrap(result.stderr.range(of: "open this address yourself:"), result.stderr)
        let notStarted = try XCTUnwrap(result.stderr.range(of: "No browser started (xdg-open: exit"), result.stderr)
        XCTAssertLessThan(address.lowerBound, notStarted.lowerBound, "the address first")
        XCTAssertTrue(result.stderr.contains("log in again with --redirect-port PORT"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--no-browser"), result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "No answer from the browser yet").count - 1, 1, "said once")
    }

    func testNoAnswerWithinTheTimeoutExits75() throws {
        let result = try browserLogin(["--no-browser", "--browser-timeout", "2"])
        assertFails(result, status: 75, naming: "within 2 s")
    }

    func testAPortInUseIsNamed() throws {
        let (holder, port) = LoopbackPort.bound()
        defer { close(holder) }
        listen(holder, 1)
        assertFails(try browserLogin(["--redirect-port", "\(port)"]), status: 69, naming: "127.0.0.1:\(port)", "--redirect-port")
    }

    func testFlagsThatDoNotGoTogetherExit64() throws {
        assertFails(try session.authhelper(["login", "--browser", "--device", "--issuer", server.url]), status: 64, naming: "not both")
        assertFails(
            try session.authhelper(["login", "--device", "--password-stdin", "--issuer", server.url]), status: 64,
            naming: "--password-stdin")
        assertFails(try session.authhelper(["login", "--no-browser", "--issuer", server.url]), status: 64, naming: "--browser")
        assertFails(
            try session.authhelper(["login", "--browser", "--server", server.url, "--username", "demo"]), status: 64, naming: "--issuer")
    }

    // MARK: Helpers

    /// A connection on 127.0.0.1:`port` that the listening side closed first, as a login's last
    /// connection does when the browser lingers: it stays in TIME_WAIT for a minute.
    func leaveTimeWait(on port: UInt16) throws {
        let script = """
            import socket
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", \(port))); s.listen(1)
            c = socket.create_connection(("127.0.0.1", \(port))); a, _ = s.accept()
            a.close(); c.recv(1); c.close(); s.close()
            """
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", script], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 0, result.stderr)
    }
}
