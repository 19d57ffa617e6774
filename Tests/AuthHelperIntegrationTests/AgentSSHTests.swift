import Foundation
import XCTest

/// Log in once on the laptop, use the session on a machine reached over SSH: the laptop runs
/// `authhelper agent`, a real OpenSSH server on 127.0.0.1 plays the remote machine (an account
/// with its own, empty HOME and runtime folder: no config, no keyring, no login), and `ssh -R`
/// forwards the agent's socket to the remote's default path. Only access tokens cross.
final class AgentSSHTests: IntegrationTestCase {
    /// Login hands out an access token that has already expired: the first remote call makes the
    /// laptop refresh.
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    var sshd: SSHServerProcess!
    var agent: RunningProcess?
    var remoteRoot: String!
    var laptopSocket: String { session.cacheDirectory + "/agent.sock" }
    var remoteRuntime: String { remoteRoot + "/run" }
    var remoteSocket: String { remoteRuntime + "/authhelper/agent.sock" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        sshd = try SSHServerProcess()
        remoteRoot = FileManager.default.temporaryDirectory.appendingPathComponent("ah-remote-\(UUID().uuidString.prefix(8))").path
        for folder in [remoteRoot + "/home", remoteRuntime, remoteRuntime + "/authhelper"] {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    override func tearDown() {
        agent?.terminate()
        sshd?.stop()
        if let remoteRoot { try? FileManager.default.removeItem(atPath: remoteRoot) }
        super.tearDown()
    }

    func startAgent() throws {
        agent = try ProcessRunner.start(Products.authhelper, ["agent"], environment: session.environment)
        XCTAssertNotNil(agent?.stderrLine(containing: "serving the profiles with forward = true"), agent?.stderrSoFar() ?? "")
        XCTAssertEqual(mode(of: laptopSocket).map { $0 & 0o777 }, 0o600)
    }

    /// Runs `script` on the remote machine, with the laptop's agent socket forwarded to the
    /// remote's default path, in the remote account's own empty environment.
    func onRemote(_ script: String, extraEnvironment: String = "") throws -> ProcessResult {
        let environment =
            """
            env -i HOME=\(remoteRoot!)/home XDG_RUNTIME_DIR=\(remoteRuntime) PATH=\(Products.directory):/usr/bin:/bin LANG=C.UTF-8 \
            \(extraEnvironment)
            """
        return try sshd.ssh(
            ["cd \(remoteRoot!)/home && \(environment) /bin/bash -c \(shellQuoted(script))"],
            extra: ["-R", "\(remoteSocket):\(laptopSocket)"])
    }

    func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// No refresh token the server ever issued is in any file of the remote account (its
    /// environment, written to one, among them) or in its kernel keyring, and the agent's log
    /// holds no token either.
    func assertNoRefreshTokenOnTheRemote(file: StaticString = #filePath, line: UInt = #line) throws {
        let refreshTokens = try server.issuedRefreshTokens()
        XCTAssertFalse(refreshTokens.isEmpty, file: file, line: line)
        let enumerator = FileManager.default.enumerator(atPath: remoteRoot)
        var files = 0
        while let relative = enumerator?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: remoteRoot + "/" + relative) else { continue }
            files += 1
            assertNoSecret(String(decoding: data, as: UTF8.self), refreshTokens, "remote file \(relative)", file: file, line: line)
        }
        XCTAssertGreaterThan(files, 0, "the remote's runtime cache was searched", file: file, line: line)
        let keys = try ProcessRunner.run(
            "/bin/sh", ["-c", "keyctl show @u; keyctl show @s; keyctl pipe %user:authhelper 2>/dev/null"],
            environment: ["PATH": "/usr/bin:/bin"])
        assertNoSecret(keys.stdout, refreshTokens, "the remote account's kernel keyring", file: file, line: line)
        assertNoSecret(agent?.stderrSoFar() ?? "", refreshTokens, "the agent's log", file: file, line: line)
    }

    func testARemoteMachineUsesTheLaptopsSessionThroughTheForwardedSocketWithAccessTokensOnly() throws {
        try login(extra: ["--forward"])
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("forward = true"))
        try startAgent()
        let gitRequest = "protocol=http\\nhost=\(server.url.dropFirst("http://".count))\\n\\n"
        let remote = try onRemote(
            """
            set -e
            authhelper header > header.out
            authhelper curl -s \(server.url)/users/me > curl.out
            printf '\(gitRequest)' | authhelper git-credential get > git.out
            authhelper kube-credential > kube.out
            authhelper status > status.out
            authhelper token --min-ttl 60 > token.out
            authhelper exec -- sh -c 'printf %s "$AUTHHELPER_TOKEN"' > exec.out
            env > environment.out
            for f in header curl git kube status token exec; do echo "== $f"; cat $f.out; echo; done
            """)
        XCTAssertEqual(remote.status, 0, remote.stdout + remote.stderr)
        let sections = remote.stdout.components(separatedBy: "== ")
        let header = try XCTUnwrap(sections.first { $0.hasPrefix("header") }).dropFirst("header\n".count)
        let token = try XCTUnwrap(bearer(of: String(header)), remote.stdout)
        XCTAssertEqual(try server.usersMeStatus(token: token), 200, "a token the server accepts")
        XCTAssertEqual(try server.counter("refreshes"), 1, "the laptop refreshed once for all of them")
        XCTAssertTrue(remote.stdout.contains("\"email\":\"demo\""), "curl reached the API with it: \(remote.stdout)")
        XCTAssertTrue(remote.stdout.contains("password=\(token)"), "git got it: \(remote.stdout)")
        let kube = try XCTUnwrap(sections.first { $0.hasPrefix("kube") }).dropFirst("kube\n".count)
        let credential = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(kube.utf8)) as? [String: Any], String(kube))
        XCTAssertEqual((credential["status"] as? [String: Any])?["token"] as? String, token, "kubectl's credential: \(kube)")
        XCTAssertTrue(remote.stdout.contains("served through the forwarded authhelper agent at \(remoteSocket)"), remote.stdout)
        XCTAssertTrue(remote.stdout.contains("== token\n\(token)\n"), "token: \(remote.stdout)")
        XCTAssertTrue(remote.stdout.contains("== exec\n\(token)\n"), "exec: \(remote.stdout)")
        // The laptop logged each hand-out: profile and lifetime, never the token.
        let log = try XCTUnwrap(agent?.stderrSoFar())
        XCTAssertTrue(log.contains("profile 'default': handed out a token with"), log)
        XCTAssertFalse(log.contains(token), "the agent's log holds no token")
        // The remote holds a 0600 runtime cache, in the forwarded namespace, and nothing else.
        XCTAssertEqual(mode(of: remoteRuntime + "/authhelper/default@agent").map { $0 & 0o777 }, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: remoteRuntime + "/authhelper/default"), "never a local profile's entry")
        XCTAssertFalse(FileManager.default.fileExists(atPath: remoteRoot + "/home/.config/authhelper/config.toml"), "no config was written")
        try assertNoRefreshTokenOnTheRemote()
    }

    func testTwentyConcurrentRemoteCallsOnAnExpiredTokenMakeOneRefresh() throws {
        try login(extra: ["--forward"])
        try startAgent()
        // Twenty processes with caches of their own: each misses and asks the agent.
        let remote = try onRemote(
            """
            for i in $(seq 20); do mkdir -p r$i; (XDG_RUNTIME_DIR=$PWD/r$i authhelper header > out.$i 2> err.$i; echo $? > status.$i) & done
            wait
            cat status.* | sort | uniq -c; cat out.* | sort | uniq -c; cat err.*
            """, extraEnvironment: "AUTHHELPER_AGENT=\(remoteSocket)")
        XCTAssertEqual(remote.status, 0, remote.stderr)
        XCTAssertTrue(remote.stdout.contains("20 0\n"), "all twenty succeeded: \(remote.stdout)")
        XCTAssertTrue(remote.stdout.contains("20 Authorization: Bearer "), "all got the one new token: \(remote.stdout)")
        XCTAssertEqual(try server.counter("refreshes"), 1, "one refresh for twenty remote callers")
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
    }

    func testRefusalsAreNamed() throws {
        try login(extra: ["--forward"])
        try login(profile: "other")
        try startAgent()
        // A profile that did not opt in: 77 naming forward = true.
        let notForwarded = try onRemote("authhelper --profile other header")
        assertFails(notForwarded, status: 77, naming: "Profile 'other' is not forwarded", "forward = true")
        // The laptop's session ended: 77 with the laptop's reason.
        XCTAssertEqual(try session.authhelper(["logout"]).status, 0)
        assertFails(try onRemote("authhelper header"), status: 77, naming: "The laptop's authhelper agent", "Not logged in")
        // No agent behind the forwarded socket: 69, naming the socket and how to forward it.
        agent?.terminate()
        assertFails(try onRemote("authhelper header"), status: 69, naming: remoteSocket, "dropped")
        // Nothing forwarded at all: 69 naming the socket and ssh -R.
        let nothing = try sshd.ssh([
            "env -i HOME=\(remoteRoot!)/home PATH=\(Products.directory):/usr/bin:/bin AUTHHELPER_AGENT=\(remoteSocket) authhelper header"
        ])
        assertFails(nothing, status: 69, naming: "No authhelper agent answers at \(remoteSocket)", "ssh -R", "authhelper-agent(1)")
    }

    /// Garbage, oversized and silent peers on the socket cost the agent nothing: a real request
    /// made while they hang on is answered at once.
    func testHostilePeersCannotHangTheAgentForOthers() throws {
        try login(extra: ["--forward"])
        try startAgent()
        let script = """
            import socket, sys, time
            path = sys.argv[1]
            began = time.monotonic()
            def connect():
                s = socket.socket(socket.AF_UNIX); s.connect(path); return s
            silent = [connect() for _ in range(10)]
            half = connect(); half.sendall(b'{"authhelper_agent":1,"op":"tok')
            big = connect()
            try:
                big.sendall(b'x' * 200000)
            except OSError:
                pass
            print("big:", big.recv(4096).decode())
            garbage = connect(); garbage.sendall(b'\\x00\\xff not json\\n'); print("garbage:", garbage.recv(4096).decode())
            old = connect(); old.sendall(b'{"authhelper_agent":7,"op":"token"}\\n'); print("old:", old.recv(4096).decode())
            good = connect(); good.sendall(b'{"authhelper_agent":1,"op":"profile"}\\n')
            # From the first silent connection on: the silent ones are still open and unanswered.
            print("good:", good.recv(4096).decode().strip(), round(time.monotonic() - began, 2))
            """
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", script, laptopSocket], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("big: {\"authhelper_agent\":1,\"exit\":64"), result.stdout)
        XCTAssertTrue(result.stdout.contains("garbage: {\"authhelper_agent\":1,\"exit\":64"), result.stdout)
        XCTAssertTrue(result.stdout.contains("speaks protocol 7"), result.stdout)
        let good = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.hasPrefix("good:") })
        XCTAssertTrue(good.contains("\"profile\":\"default\""), String(good))
        XCTAssertLessThan(
            Double(good.split(separator: " ").last ?? "") ?? 99, 3, "answered while ten silent peers hold connections: \(good)")
        XCTAssertEqual(agent?.process.isRunning, true, "the agent still runs")
    }

    /// A socket a dropped connection left behind at the remote path, as it lies there.
    func leaveStaleSocket() throws {
        let made = try ProcessRunner.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import os, socket, sys\nif os.path.exists(sys.argv[1]): \
                os.unlink(sys.argv[1])\nsocket.socket(socket.AF_UNIX).bind(sys.argv[1])
                """,
                remoteSocket,
            ], environment: [:])
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    func testTwoSessionsToOneHostAtOnceAndWhatStreamLocalBindUnlinkFixes() throws {
        try login(extra: ["--forward"])
        try startAgent()
        try leaveStaleSocket()
        // With StreamLocalBindUnlink yes: the stale socket is replaced, and a second session
        // while the first lasts replaces the first one's; both reach the one agent.
        let first = try ProcessRunner.start(
            "/usr/bin/ssh", sshd.clientOptions + ["-R", "\(remoteSocket):\(laptopSocket)", "127.0.0.1", "sleep 3"],
            environment: ["PATH": "/usr/bin:/bin"])
        usleep(800_000)
        let second = try onRemote("authhelper header")
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: second.stdout))), 200)
        XCTAssertEqual(first.wait().status, 0, "the first session ends normally")
        // Without it, a stale socket makes the forward fail.
        sshd.stop()
        sshd = try SSHServerProcess(bindUnlink: false)
        try leaveStaleSocket()
        let refused = try onRemote("authhelper header")
        XCTAssertEqual(refused.status, 255, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("remote port forwarding failed"), refused.stderr)
    }

    /// `authhelper ssh`: no configuration on either side, and a stale socket on a server without
    /// StreamLocalBindUnlink is no obstacle.
    func testAuthhelperSSHForwardsForOneConnectionWithNoConfiguration() throws {
        sshd.stop()
        sshd = try SSHServerProcess(bindUnlink: false, environment: ["XDG_RUNTIME_DIR": remoteRuntime])
        try login(extra: ["--forward"])
        let withoutAgent = try session.authhelper(["ssh"] + sshd.clientOptions + ["127.0.0.1", "true"])
        assertFails(withoutAgent, status: 69, naming: "No authhelper agent serves", "authhelper agent")
        try startAgent()
        try leaveStaleSocket()
        let command = "cd \(remoteRoot!)/home && HOME=\(remoteRoot!)/home PATH=\(Products.directory):/usr/bin:/bin authhelper header"
        let result = try session.authhelper(["ssh"] + sshd.clientOptions + ["127.0.0.1", command])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: result.stdout), result.stdout)), 200)
    }
}
