import Foundation
import XCTest

/// Device and browser logins against a real OAuth 2.0 server, django-oauth-toolkit
/// (Tests/Servers/dot_server.py), where the test plays the person: a scripted HTTP session on the
/// server's own login, device and consent pages (Tests/Servers/dot_person.py), a person pasting
/// at a real terminal (tmux), and a real browser (headless chromium driven by Selenium,
/// Tests/Servers/chromium_person.py). The server checks PKCE S256 and sends `iss` (RFC 9207).
final class DjangoOAuthToolkitDeviceAndBrowserLoginTests: IntegrationTestCase {
    var dot: PythonServerProcess!
    var issuer: String { dot.url + "/o" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        dot = try PythonServerProcess(script: "dot_server.py")
    }

    override func tearDown() {
        dot?.stop()
        super.tearDown()
    }

    /// django-oauth-toolkit publishes no device_authorization_endpoint: given explicitly.
    var deviceLogin: [String] {
        [
            "login", "--device", "--issuer", issuer, "--client-id", "device-client", "--device-authorization-url",
            issuer + "/device-authorization/",
        ]
    }

    var browserLogin: [String] { ["login", "--browser", "--issuer", issuer, "--client-id", "browser-client"] }

    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningProcess {
        try ProcessRunner.start(Products.authhelper, arguments, environment: session.environment.merging(environment) { $1 })
    }

    func person(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            PythonServerProcess.python, [repositoryRoot + "/Tests/Servers/dot_person.py"] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"])
    }

    /// The token works on the server's protected resource, and refreshes.
    func assertSessionWorks(file: StaticString = #filePath, line: UInt = #line) throws {
        let header = try session.authhelper(["header"])
        XCTAssertEqual(header.status, 0, header.stderr, file: file, line: line)
        XCTAssertEqual(try dot.status(of: "/api/me", token: bearer(of: header.stdout) ?? ""), 200, file: file, line: line)
        let refresh = try session.authhelper(["refresh"])
        XCTAssertEqual(refresh.status, 0, refresh.stderr, file: file, line: line)
        XCTAssertEqual(try dot.counter("refresh_token_granted"), 1, file: file, line: line)
    }

    // MARK: Device

    func testADeviceCodeApprovedOnTheServersOwnPagesLogsIn() throws {
        let login = try start(deviceLogin)
        let address = try XCTUnwrap(login.stderrLine(containing: "/o/device/?user_code="), login.stderrSoFar())
        usleep(2_500_000)  // the person takes a moment: authhelper polls meanwhile (interval 1 s)
        let approved = try person(["device", address])
        XCTAssertEqual(approved.status, 0, approved.stderr)
        let result = login.wait()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("and check that it shows the code"), result.stderr)
        XCTAssertEqual(try dot.counter("urn:ietf:params:oauth:grant-type:device_code_granted"), 1)
        XCTAssertGreaterThanOrEqual(
            try dot.counter("urn:ietf:params:oauth:grant-type:device_code_authorization_pending"), 1, "it polled while the person was busy")
        try assertSessionWorks()
    }

    func testADeviceCodeDeniedExits77AndStoresNothing() throws {
        let login = try start(deviceLogin)
        let address = try XCTUnwrap(login.stderrLine(containing: "/o/device/?user_code="), login.stderrSoFar())
        XCTAssertEqual(try person(["device", address, "--deny"]).status, 0)
        assertFails(login.wait(), status: 77, naming: "declined")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile))
    }

    // MARK: Browser

    func testTheNoBrowserAddressFollowedAndConsentedRedirectsToTheListener() throws {
        let login = try start(browserLogin + ["--no-browser", "-v"])
        let address = try XCTUnwrap(login.stderrLine(containing: "/o/authorize/?"), login.stderrSoFar())
        let consented = try person(["browser", address])
        XCTAssertEqual(consented.status, 0, consented.stderr)
        XCTAssertTrue(consented.stdout.contains("loopback answered 200"), consented.stdout)
        XCTAssertTrue(consented.stdout.contains("You can close this window"), consented.stdout)
        let result = login.wait()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try dot.counter("authorization_code_granted"), 1, "PKCE S256 and the redirect_uri were accepted")
        XCTAssertFalse(result.stderr.contains("code_verifier="), result.stderr)
        try assertSessionWorks()
    }

    func testConsentDeniedExits77() throws {
        let login = try start(browserLogin + ["--no-browser"])
        let address = try XCTUnwrap(login.stderrLine(containing: "/o/authorize/?"), login.stderrSoFar())
        XCTAssertEqual(try person(["browser", address, "--deny"]).status, 0)
        assertFails(login.wait(), status: 77, naming: "declined", "access_denied")
        XCTAssertEqual(try dot.counter("authorization_code_requests"), 0)
    }

    /// SSH without a forwarded port: the browser elsewhere cannot reach the listener, so the
    /// person copies the address it ended at and pastes it at authhelper's terminal.
    func testTheRedirectAddressPastedAtTheTerminalLogsIn() throws {
        let out = session.root.path + "/tty-\(UUID().uuidString)"
        var env = session.environment
        env["PATH"] = Products.directory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        defer { _ = try? terminal.tmux("kill-server") }
        try terminal.type("authhelper \(browserLogin.joined(separator: " ")) --no-browser; echo \"rc=$?\" > \(out)", keys: "Enter")
        _ = try terminal.waitFor("paste here", seconds: 20)
        let screen = try terminal.tmux("capture-pane -p -J").stdout
        let address = try XCTUnwrap(
            screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(issuer + "/authorize/?") },
            screen)
        let copied = try person(["browser", address, "--print-redirect"])
        XCTAssertEqual(copied.status, 0, copied.stderr)
        let redirect = copied.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(redirect.contains("code=") && redirect.contains("iss="), redirect)
        try terminal.type(redirect, keys: "Enter")
        var written = ""
        for _ in 0..<200 where written.isEmpty {
            usleep(100_000)
            written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        }
        let finalScreen = try terminal.tmux("capture-pane -p -J").stdout
        XCTAssertEqual(written, "rc=0\n", finalScreen)
        try assertSessionWorks()
    }

    /// A real browser: headless chromium through chromium-driver, started by authhelper as $BROWSER.
    func testARealBrowserStartedAsBROWSERLogsInAndIsToldToCloseTheWindow() throws {
        let log = session.root.path + "/chromium-\(UUID().uuidString).log"
        let browser = "\(PythonServerProcess.python) \(repositoryRoot)/Tests/Servers/chromium_person.py --log \(log)"
        let result = try session.authhelper(browserLogin + ["--browser-timeout", "120"], environment: ["BROWSER": browser])
        let steps = (try? String(contentsOfFile: log, encoding: .utf8)) ?? "(no log)"
        XCTAssertEqual(result.status, 0, "\(result.stderr)\nbrowser: \(steps)")
        XCTAssertTrue(result.stderr.contains("Opening a browser"), result.stderr)
        for _ in 0..<100 where !steps.contains("done:") { usleep(100_000) }
        let finished = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        XCTAssertTrue(finished.contains("logged in\nauthorized\n"), finished)
        XCTAssertTrue(finished.contains("done: authhelper has your login. You can close this window"), finished)
        try assertSessionWorks()
    }

    func testARealBrowserDenyingConsentExits77() throws {
        let log = session.root.path + "/chromium-\(UUID().uuidString).log"
        let browser = "\(PythonServerProcess.python) \(repositoryRoot)/Tests/Servers/chromium_person.py --deny --log \(log)"
        let result = try session.authhelper(browserLogin + ["--browser-timeout", "120"], environment: ["BROWSER": browser])
        assertFails(result, status: 77, naming: "declined")
    }
}
