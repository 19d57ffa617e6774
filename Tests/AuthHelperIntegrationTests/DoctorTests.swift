import Foundation
import XCTest

/// `authhelper doctor` against setups broken for real: a config with a bad line, no Secret
/// Service on the bus (as over SSH), a stopped server, a server whose clock is ten minutes off,
/// git pointed at another helper — each named with its fix, and nothing changed or spent.
final class DoctorTests: IntegrationTestCase {
    func doctor(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        try session.authhelper(["doctor"] + extra, environment: environment)
    }

    /// A config of exactly `text`, in place of any the session has.
    func writeConfig(_ text: String) throws {
        try FileManager.default.createDirectory(
            atPath: (session.configFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: session.configFile, atomically: true, encoding: .utf8)
    }

    func line(_ result: ProcessResult, _ check: String) -> String? {
        result.stdout.split(separator: "\n").map(String.init).first { $0.contains(" \(check): ") || $0.contains(": \(check): ") }
    }

    func testAHealthySetupPassesEveryCheckAndChangesNothing() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let git = try ProcessRunner.run(
            "/usr/bin/git", ["config", "--global", "credential.\(server.url).helper", "authhelper"], environment: session.environment)
        XCTAssertEqual(git.status, 0, git.stderr)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        let refreshes = try server.counter("refreshes")
        let result = try doctor()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        for check in [
            "config", "runtime folder", "default: profile", "default: store", "default: server", "default: clock", "default: session",
            "default: git",
        ] {
            XCTAssertTrue(result.stdout.contains("✓ \(check):"), "\(check) passes:\n\(result.stdout)")
        }
        XCTAssertFalse(result.stdout.contains("✗"), result.stdout)
        XCTAssertEqual(try server.counter("refreshes"), refreshes, "no refresh token was spent")
        XCTAssertEqual(try String(contentsOfFile: session.configFile, encoding: .utf8), config, "the config is unchanged")
        assertNoSecret(result.stdout + result.stderr, try server.issuedRefreshTokens(), "doctor's output")
        let json = try doctor(["--json"])
        let checks = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertTrue(checks.allSatisfy { $0["ok"] as? Bool == true }, json.stdout)
    }

    /// git asks authhelper for a host no profile claims (the git host is not the API's server):
    /// doctor names it with both fixes; once a profile's also_for claims it, the line goes.
    /// `git config --global credential.URL.helper HELPER` in the test's own HOME.
    func setGitHelper(for url: String, to helper: String) throws {
        let result = try ProcessRunner.run(
            "/usr/bin/git", ["config", "--global", "credential.\(url).helper", helper], environment: session.environment)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testAGitHostNoProfileClaimsIsNamedWithTheFix() throws {
        try login()
        let gitHost = "https://git.example.test"
        try setGitHelper(for: gitHost, to: "authhelper")
        let unclaimed = try doctor()
        XCTAssertEqual(unclaimed.status, 1, unclaimed.stdout)
        let named = try XCTUnwrap(line(unclaimed, "git \(gitHost)"), unclaimed.stdout)
        XCTAssertTrue(named.hasPrefix("✗") && named.contains("which no profile claims"), named)
        XCTAssertTrue(unclaimed.stdout.contains("also_for = [\"\(gitHost)\"]"), unclaimed.stdout)
        try addToProfile("also_for = [\"\(gitHost)\"]")
        let claimed = try doctor()
        XCTAssertNil(line(claimed, "git \(gitHost)"), claimed.stdout)
        XCTAssertEqual(claimed.status, 0, claimed.stdout)
    }

    func testEachBrokenPartIsNamedWithItsFixAndTheFirstFailuresStatus() throws {
        try login()
        // git asks another helper for this server.
        try setGitHelper(for: server.url, to: "store")
        let git = try doctor()
        XCTAssertEqual(git.status, 1, git.stdout)
        XCTAssertTrue(line(git, "git")?.hasPrefix("✗") == true, git.stdout)
        XCTAssertTrue(git.stdout.contains("fix: git config --global credential.\(server.url).helper authhelper"), git.stdout)

        // No Secret Service on the bus, as over SSH: the store, with the fix for an SSH login.
        let overSSH = [
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=" + session.root.path + "/no-bus-here", "SSH_CONNECTION": "127.0.0.1 5 127.0.0.1 22",
        ]
        let noBus = try doctor(environment: overSSH)
        XCTAssertEqual(noBus.status, 69, noBus.stdout)
        XCTAssertTrue(line(noBus, "store")?.hasPrefix("✗") == true, noBus.stdout)
        XCTAssertTrue(noBus.stdout.contains("AUTHHELPER_STORE=kernel"), noBus.stdout)
        XCTAssertEqual(noBus.stdout.components(separatedBy: "AUTHHELPER_STORE=kernel").count - 1, 1, "the fix once: \(noBus.stdout)")

        // A stopped server.
        server.stop()
        let stopped = try doctor()
        XCTAssertEqual(stopped.status, 69, stopped.stdout)
        XCTAssertTrue(line(stopped, "server")?.contains("connection refused") == true, stopped.stdout)
        XCTAssertTrue(stopped.stdout.contains("is the server running?"), stopped.stdout)

        // A config with a bad line: named, and nothing after it is checked.
        try "[profiles.default]\nserver = \"\(server.url)\"\nusername = \n".write(
            toFile: session.configFile, atomically: true, encoding: .utf8)
        let broken = try doctor()
        XCTAssertEqual(broken.status, 78, broken.stdout)
        XCTAssertTrue(broken.stdout.hasPrefix("✗ config: \(session.configFile):3:"), broken.stdout)
    }

    /// An account without a login session (`su`, `runuser`, a service) whose $XDG_RUNTIME_DIR names
    /// a folder that does not exist, or one that is not its own: every call works from the store
    /// ("Cannot create the folder /run/user/1003" failed every header), and doctor's advice never
    /// exports a folder that is not there.
    func testARuntimeFolderThatCannotBeMadeIsNoReasonToFail() throws {
        try login()
        let token = try session.authhelper(["token"]).stdoutLine
        let missing = "/nonexistent-run-\(UUID().uuidString.prefix(8))"
        let notAFolder = session.home + "/not-a-folder"
        try "".write(toFile: notAFolder, atomically: true, encoding: .utf8)
        for (folder, problem) in [(missing, "which does not exist"), (notAFolder, "which is not a folder of yours")] {
            let environment = ["XDG_RUNTIME_DIR": folder]
            let header = try session.authhelper(["header"], environment: environment)
            XCTAssertEqual(header.status, 0, "\(folder): \(header.stderr)")
            XCTAssertEqual(header.stdout, "Authorization: Bearer \(token)\n", "from the store")
            XCTAssertEqual(try session.authhelper(["exec", "--", "/bin/true"], environment: environment).status, 0)
            let result = try doctor(environment: environment)
            let line = try XCTUnwrap(self.line(result, "runtime folder"), result.stdout)
            XCTAssertTrue(line.hasPrefix("✗") && line.contains(problem) && line.contains("every call reads the store"), line)
            XCTAssertTrue(result.stdout.contains("loginctl enable-linger"), result.stdout)
            XCTAssertFalse(result.stdout.contains("export XDG_RUNTIME_DIR"), "no advice to export a folder that is not there")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "nothing was made there")
    }

    /// A loopback server whose every answer carries `Date:` as the Python expression says.
    private func serverSending(date expression: String) throws -> RunningProcess {
        try ProcessRunner.start(
            "/usr/bin/python3",
            [
                "-c",
                """
                import email.utils, http.server, time
                class H(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response_only(200)
                        self.send_header("Date", \(expression))
                        self.send_header("Content-Length", "0"); self.end_headers()
                    def log_message(self, *a): pass
                s = http.server.HTTPServer(("127.0.0.1", 0), H); print("listening on http://127.0.0.1:%d" % s.server_address[1], flush=True)
                s.serve_forever()
                """,
            ], environment: ["PATH": "/usr/bin:/bin"])
    }

    func testAServerWhoseClockIsTenMinutesOffIsNamed() throws {
        let skewed = try serverSending(date: "email.utils.formatdate(time.time() + 600, usegmt=True)")
        defer { skewed.terminate() }
        let url = try skewed.listeningURL("the skewed server")
        try writeConfig("[profiles.default]\nserver = \"\(url)\"\nusername = \"demo\"\n")
        let result = try doctor()
        XCTAssertEqual(result.status, 1, result.stdout)
        let clock = try XCTUnwrap(line(result, "clock"), result.stdout)
        XCTAssertTrue(clock.hasPrefix("✗") && clock.contains("behind the server's"), clock)
        XCTAssertTrue(result.stdout.contains("timedatectl"), result.stdout)
    }

    /// The tool run when things are wrong does not crash on what it diagnoses: a year no `tm` can
    /// hold (it trapped, SIGILL, exit 132, nothing printed) is a failed clock line, 65.
    func testADateOutOfEveryRangeIsAFailedClockLineNotACrash() throws {
        let hostile = try serverSending(date: "'Sun, 06 Nov -2147483000 08:49:37 GMT'")
        defer { hostile.terminate() }
        let url = try hostile.listeningURL("the hostile server")
        try writeConfig("[profiles.default]\nserver = \"\(url)\"\nusername = \"demo\"\n")
        let result = try doctor()
        XCTAssertEqual(result.status, 65, result.stdout + result.stderr)
        let clock = try XCTUnwrap(line(result, "clock"), result.stdout)
        XCTAssertTrue(clock.hasPrefix("✗") && clock.contains("not an HTTP date"), clock)
        let json = try doctor(["--json"])
        XCTAssertEqual(json.status, 65, json.stdout + json.stderr)
        XCTAssertTrue(json.stdout.contains("not an HTTP date"), json.stdout)
    }

    func testRefreshIsSpentOnlyWhenAskedAndThenShownToWork() throws {
        try login()
        let plain = try doctor()
        XCTAssertEqual(plain.status, 0, plain.stdout)
        XCTAssertNil(line(plain, "refresh"), plain.stdout)
        XCTAssertEqual(try server.counter("refreshes"), 0)
        let asked = try doctor(["--refresh"])
        XCTAssertEqual(asked.status, 0, asked.stdout + asked.stderr)
        XCTAssertTrue(line(asked, "refresh")?.hasPrefix("✓") == true && asked.stdout.contains("a refresh works"), asked.stdout)
        XCTAssertEqual(try server.counter("refreshes"), 1, "one refresh, as asked")
        assertNoSecret(asked.stdout + asked.stderr, try server.issuedRefreshTokens(), "doctor --refresh's output")

        // A session the server no longer knows: the refresh is refused, named with the fix.
        try server.addFault(target: "refresh", kind: "bare:401")
        let refused = try doctor(["--refresh"])
        XCTAssertEqual(refused.status, 77, refused.stdout)
        XCTAssertTrue(line(refused, "refresh")?.hasPrefix("✗") == true, refused.stdout)
        XCTAssertTrue(refused.stdout.contains("fix: Log in again"), refused.stdout)
    }

    func testKubectlUsersThatAskAuthhelperAreNamedAndOneForAMissingProfileFails() throws {
        try login()
        let kubeconfig = session.root.path + "/kubeconfig"
        func write(profile: String) throws {
            try """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
            contexts: [{name: x, context: {cluster: c, user: dev}}]
            current-context: x
            users:
            - name: dev
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: authhelper
                  args: [kube-credential, --profile, \(profile)]
                  interactiveMode: Never
            """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        }
        try write(profile: "default")
        let good = try doctor(environment: ["KUBECONFIG": kubeconfig])
        XCTAssertEqual(good.status, 0, good.stdout)
        XCTAssertTrue(line(good, "kubectl")?.contains("'dev' gets tokens from authhelper") == true, good.stdout)
        try write(profile: "staging")
        let missing = try doctor(environment: ["KUBECONFIG": kubeconfig])
        XCTAssertEqual(missing.status, 77, missing.stdout)
        XCTAssertTrue(
            line(missing, "kubectl")?.hasPrefix("✗") == true && missing.stdout.contains("'staging', which does not exist"), missing.stdout)
    }

    func testAnAgentSocketThatIsNotForwardedIsNamed() throws {
        // On the remote machine: no profile of its own, and AUTHHELPER_AGENT names a socket that
        // the SSH connection did not bring (it ended, or was opened without -R).
        var remote = try remoteEnvironment()
        remote["AUTHHELPER_AGENT"] = session.root.path + "/gone/agent.sock"
        let gone = try doctor(environment: remote)
        XCTAssertNotEqual(gone.status, 0, gone.stdout)
        XCTAssertTrue(line(gone, "agent")?.hasPrefix("✗") == true, gone.stdout)
        XCTAssertTrue(gone.stdout.contains("authhelper ssh HOST"), gone.stdout)

        // The laptop's agent, forwarded: the profile it serves is named.
        try login(extra: ["--forward"])
        let agent = try ProcessRunner.start(Products.authhelper, ["agent"], environment: session.environment)
        defer { agent.terminate() }
        XCTAssertNotNil(agent.stderrLine(containing: "serving the profiles with forward = true"), agent.stderrSoFar())
        let answering = try doctor(environment: try remoteEnvironment())
        XCTAssertEqual(answering.status, 0, answering.stdout + answering.stderr)
        XCTAssertTrue(line(answering, "agent")?.contains("answers for the laptop's profile 'default'") == true, answering.stdout)
    }

    func testALockedKeyringIsNamedWithTheFixForADesktop() throws {
        try login()
        try session.lockKeyring()
        let locked = try doctor()
        XCTAssertEqual(locked.status, 69, locked.stdout + locked.stderr)
        let store = try XCTUnwrap(line(locked, "store"), locked.stdout)
        XCTAssertTrue(store.hasPrefix("✗") && store.contains("locked"), store)
        XCTAssertTrue(locked.stdout.contains("fix: "), locked.stdout)
        XCTAssertFalse(locked.stdout.contains("AUTHHELPER_STORE=kernel"), "on a desktop, the fix is the keyring's: \(locked.stdout)")
    }

    func testAMovedIssuerIsNamedWithTheFix() throws {
        let login = try session.authhelper(
            ["login", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(line(try doctor(), "discovery")?.hasPrefix("✓") == true)
        // The issuer's metadata now names another token endpoint than the one the profile recorded.
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        let recorded = server.url + "/oauth/token"
        XCTAssertTrue(config.contains("token_url = \"\(recorded)\""), config)
        try config.replacingOccurrences(of: "token_url = \"\(recorded)\"", with: "token_url = \"\(server.url)/old/token\"")
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let moved = try doctor()
        XCTAssertEqual(moved.status, 78, moved.stdout)
        let discovery = try XCTUnwrap(line(moved, "discovery"), moved.stdout)
        XCTAssertTrue(discovery.hasPrefix("✗") && discovery.contains("now names \(recorded)"), discovery)
        XCTAssertTrue(moved.stdout.contains("fix: Log in again to record it"), moved.stdout)
    }

    func testAServerWithACertificateFromAnotherCAIsNamedWithTheCAInUse() throws {
        let dir = session.root.path + "/tls"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["server", "other"] {
            let made = try ProcessRunner.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).pem",
                    "-days", "2", "-subj", "/CN=\(name)", "-addext", "subjectAltName=IP:127.0.0.1",
                ], environment: ["PATH": "/usr/bin:/bin"])
            XCTAssertEqual(made.status, 0, made.stderr)
        }
        let listener = try ProcessRunner.start(
            "/usr/bin/python3",
            [
                "-c",
                """
                import http.server, ssl
                class H(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
                    def log_message(self, *a): pass
                server = http.server.HTTPServer(("127.0.0.1", 0), H)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain("\(dir)/server.pem", "\(dir)/server.key")
                server.socket = context.wrap_socket(server.socket, server_side=True)
                print("listening on https://127.0.0.1:%d" % server.server_address[1], flush=True)
                server.serve_forever()
                """,
            ], environment: ["PATH": "/usr/bin:/bin"])
        defer { listener.terminate() }
        let url = try listener.listeningURL("the TLS server")
        func doctor(caFile: String) throws -> ProcessResult {
            try writeConfig("[profiles.default]\nserver = \"\(url)\"\nusername = \"demo\"\nca_file = \"\(caFile)\"\n")
            return try self.doctor()
        }
        let wrong = try doctor(caFile: dir + "/other.pem")
        XCTAssertEqual(wrong.status, 69, wrong.stdout)
        XCTAssertTrue(line(wrong, "server")?.hasPrefix("✗") == true, wrong.stdout)
        XCTAssertTrue(wrong.stdout.contains("--ca-file PATH"), wrong.stdout)
        let right = try doctor(caFile: dir + "/server.pem")
        let server = try XCTUnwrap(line(right, "server"), right.stdout)
        XCTAssertTrue(server.hasPrefix("✓") && server.contains("TLS verified with the profile's ca_file \(dir)/server.pem"), server)
    }
}
