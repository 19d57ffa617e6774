import Foundation
import XCTest

/// `login --device` (RFC 8628) against the development server, which approves a device code on its
/// first poll unless a `device-poll` fault answers first: each branch of the polling loop.
final class DeviceLoginIntegrationTests: IntegrationTestCase {
    func deviceLogin(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        try session.authhelper(["login", "--device", "--issuer", server.url, "--client-id", "cli", "-v"] + extra, environment: environment)
    }

    func testADeviceLoginShowsTheAddressOnStderrPollsAndKeepsARefreshableSession() throws {
        let result = try deviceLogin()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "", "nothing on stdout: $(authhelper header) may run a login")
        XCTAssertTrue(result.stderr.contains("\(server.url)/device?user_code="), "verification_uri_complete shown: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("and check that it shows the code "), result.stderr)
        XCTAssertFalse(result.stderr.contains("▀") || result.stderr.contains("\u{1B}["), "no QR code where stderr is no terminal")
        XCTAssertEqual(try server.counter("device_authorizations"), 1)
        XCTAssertEqual(try server.counter("device_logins"), 1)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("grant = \"device\""), config)
        XCTAssertFalse(config.contains("username"), "no username was given or asked: \(config)")

        // The refresh token is kept and refreshed exactly as after a password login.
        let refresh = try session.authhelper(["refresh"])
        XCTAssertEqual(refresh.status, 0, refresh.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 1)
        let header = try session.authhelper(["header"])
        XCTAssertEqual(try server.usersMeStatus(token: bearer(of: header.stdout) ?? ""), 200)
        // No token from the login reached its verbose output.
        XCTAssertFalse(result.stderr.contains(bearer(of: header.stdout) ?? "-"))
        let status = try session.authhelper(["status", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["grant"] as? String, "device", status.stdout)
    }

    /// At a terminal the address with the code is drawn as a QR code on stderr: a real decoder
    /// (ZBar) reads it off the screen as the server gave it.
    func testAtATerminalTheAddressWithTheCodeIsAQRCodeAPhoneCanRead() throws {
        let out = session.root.path + "/device-rc"
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: session.environment)
        try terminal.type(
            "\(Products.authhelper) login --device --issuer \(server.url) --client-id cli; echo rc=$? > \(out)", keys: "Enter")
        for _ in 0..<150 where !FileManager.default.fileExists(atPath: out) { usleep(100_000) }
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "rc=0\n")
        let screen = try terminal.tmux("capture-pane -p -S -200").stdout
        let address = try XCTUnwrap(
            screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.contains("/device?user_code=") },
            screen)
        let drawn = screen.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.contains("█") }
        XCTAssertGreaterThan(drawn.count, 10, screen)
        // Two modules a character: light above and below (█), light above (▀), light below (▄).
        var rows: [[Bool]] = []
        for line in drawn {
            rows.append(line.map { "█▀".contains($0) })
            rows.append(line.map { "█▄".contains($0) })
        }
        let image = session.root.path + "/screen.pbm"
        let scale = 6
        let width = (rows.map(\.count).max() ?? 0) + 8
        var pbm = "P1\n\(width * scale) \((rows.count + 8) * scale)\n"
        for row in Array(repeating: [Bool](), count: 4) + rows + Array(repeating: [Bool](), count: 4) {
            let padded = Array(repeating: true, count: 4) + row + Array(repeating: true, count: width - 4 - row.count)
            let line = padded.flatMap { Array(repeating: $0 ? "0" : "1", count: scale) }.joined(separator: " ") + "\n"
            pbm += String(repeating: line, count: scale)
        }
        try pbm.write(toFile: image, atomically: true, encoding: .ascii)
        let decoded = try ProcessRunner.run("/usr/bin/zbarimg", ["-q", "--raw", image], environment: [:])
        XCTAssertEqual(decoded.stdout.trimmingCharacters(in: .newlines), address, "the QR code is the address shown")
    }

    func testAPasswordLoginSwitchesADeviceProfileBackToThePasswordGrant() throws {
        XCTAssertEqual(try deviceLogin().status, 0)
        let login = try session.authhelper(["login", "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertFalse(config.contains("grant ="), config)
        XCTAssertTrue(config.contains("username = \"demo\""), config)
        assertFails(
            try session.authhelper(["login", "--device", "--password-stdin"], stdin: "x\n"), status: 64, naming: "--password-stdin")
    }

    func testAuthorizationPendingKeepsWaitingAndSlowDownAddsFiveSeconds() throws {
        try server.addFault(target: "device-poll", kind: "oauth:authorization_pending", count: 2)
        try server.addFault(target: "device-poll", kind: "oauth:slow_down", count: 1)
        let result = try deviceLogin()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.counter("device_polls"), 4, "two pending, one slow_down, then granted")
        XCTAssertTrue(result.stderr.contains("poll more slowly: every 6 s"), result.stderr)
        let gap = try server.counter("device_poll_gap_ms")
        XCTAssertGreaterThanOrEqual(gap, 5_900, "after slow_down the interval (1 s) grows by 5 s")
        XCTAssertLessThan(gap, 9_000)
    }

    func testAccessDeniedExits77AndStoresNothing() throws {
        try server.addFault(target: "device-poll", kind: "oauth:access_denied")
        let result = try deviceLogin()
        assertFails(result, status: 77, naming: "declined")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "no profile saved")
    }

    func testExpiredTokenExits75() throws {
        try server.addFault(target: "device-poll", kind: "oauth:expired_token")
        let result = try deviceLogin()
        assertFails(result, status: 75, naming: "expired")
    }

    func testTheClientStopsAtExpiresInWhenNobodyAnswers() throws {
        server.stop()
        server = try DevServerProcess(["--device-expires-in", "3"])
        try server.addFault(target: "device-poll", kind: "oauth:authorization_pending")
        let login = try ProcessRunner.start(
            Products.authhelper, ["login", "--device", "--issuer", server.url, "--client-id", "cli"], environment: session.environment)
        // A client that ignored expires_in would poll for ever: give it 15 s.
        do {
            try waitUntil("the client stopped by itself at expires_in", seconds: 15) { !login.process.isRunning }
        } catch {
            login.terminate()
            throw error
        }
        assertFails(login.wait(), status: 75, naming: "expired after 3 s")
        XCTAssertLessThanOrEqual(try server.counter("device_polls"), 3)
    }

    func testCtrlCWhilePollingStoresNothing() throws {
        try server.addFault(target: "device-poll", kind: "oauth:authorization_pending")
        let login = try ProcessRunner.start(
            Products.authhelper, ["login", "--device", "--issuer", server.url, "--client-id", "cli"], environment: session.environment)
        try waitUntil("polling started") { try server.counter("device_polls") >= 1 }
        kill(login.process.processIdentifier, SIGINT)
        let result = login.wait()
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "nothing stored")
    }

    func testKubeCredentialRunsTheDeviceGrantWithItsPromptOnStderrWhenInteractive() throws {
        // One-second tokens: every call refreshes.
        server.stop()
        server = try DevServerProcess(["--access-ttl", "1"])
        XCTAssertEqual(try deviceLogin().status, 0)
        // The session ends: the server refuses the refresh token.
        try server.addFault(target: "refresh", kind: "oauth:invalid_grant")
        let environment = ["AUTHHELPER_NO_CACHE": "1"]
        usleep(1_500_000)  // the access token has expired
        let unattended = try session.authhelper(
            ["kube-credential"], environment: environment.merging(["KUBERNETES_EXEC_INFO": #"{"spec":{"interactive":false}}"#]) { $1 })
        assertFails(unattended, status: 77, naming: "authhelper login")
        XCTAssertEqual(try server.counter("device_authorizations"), 1, "nobody there: no device login started")

        XCTAssertEqual(try deviceLogin().status, 0)
        usleep(1_500_000)
        let result = try session.authhelper(
            ["kube-credential"], environment: environment.merging(["KUBERNETES_EXEC_INFO": #"{"spec":{"interactive":true}}"#]) { $1 })
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("/device?user_code="), "the prompt is on stderr, which kubectl shows: \(result.stderr)")
        XCTAssertTrue(result.stdout.contains("ExecCredential") && result.stdout.contains("token"), result.stdout)
        XCTAssertEqual(try server.counter("device_logins"), 3)
    }
}
