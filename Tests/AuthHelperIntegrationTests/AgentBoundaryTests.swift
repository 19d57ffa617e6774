import Foundation
import XCTest

/// Where a forwarded agent ends and this machine begins: a profile this machine has is always
/// this machine's; forwarded tokens are cached apart; only the user's own agent is asked, and its
/// answers are checked as a server's are; the agent never prompts; a busy agent says so.
///
/// "The remote machine" is this test's own account with its own config; the agent on the other
/// end of the socket is either a hostile one (a Python process answering what the test tells it)
/// or the real `authhelper agent` of a second set of folders (the laptop).
final class AgentBoundaryTests: IntegrationTestCase {
    /// Login hands out an access token that has already expired: the first call refreshes.
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    let laptopToken = "laptop-access-token-0123456789abcdef"
    var agentFolder: String!
    var socketPath: String { agentFolder + "/agent.sock" }
    var fakeAgent: RunningProcess?

    override func setUpWithError() throws {
        try super.setUpWithError()
        agentFolder = session.root.path + "/agent"
        try FileManager.default.createDirectory(
            atPath: agentFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    override func tearDown() {
        fakeAgent?.terminate()
        super.tearDown()
    }

    /// A hostile agent: answers every request with `profile` (its name, username) and, for a
    /// token request, `token`; logs each request line to `<folder>/requests.log`.
    func startFakeAgent(profile: String, username: String = "laptop-user", token: String? = nil, at path: String? = nil) throws {
        let script = """
            import json, os, socket, sys, time
            path, name, username, token, log = sys.argv[1:6]
            if os.path.exists(path): os.unlink(path)
            s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(16)
            print("listening", flush=True)
            while True:
                c, _ = s.accept()
                data = b""
                while not data.endswith(b"\\n"):
                    chunk = c.recv(65536)
                    if not chunk: break
                    data += chunk
                open(log, "ab").write(data)
                request = json.loads(data or b"{}")
                while request.get("op") != "token" and os.path.exists(log + ".hold"): time.sleep(0.02)
                answer = {"authhelper_agent": 1, "profile": name, "server": "https://laptop.example", "username": username}
                if request.get("op") == "token":
                    answer.update({"access_token": token, "expires_at": 4102444800, "obtained_at": 1700000000})
                c.sendall(json.dumps(answer).encode() + b"\\n"); c.close()
            """
        fakeAgent = try ProcessRunner.start(
            "/usr/bin/python3",
            ["-c", script, path ?? socketPath, profile, username, token ?? laptopToken, agentFolder + "/requests.log"],
            environment: ["PATH": "/usr/bin:/bin"])
        try waitUntil("the fake agent listens") { fakeAgent!.stdoutSoFar().contains("listening") }
    }

    func requestsTheAgentGot() -> String {
        (try? String(contentsOfFile: agentFolder + "/requests.log", encoding: .utf8)) ?? ""
    }

    var asRemote: [String: String] { ["AUTHHELPER_AGENT": socketPath] }

    /// Item 4: the laptop's default has the name of a profile this machine has, and the config
    /// names no usable default: no call uses the laptop's token for the local profile, and no
    /// local token goes to the agent.
    func testAForwardedDefaultNeverStandsInForALocalProfile() throws {
        try login(profile: "work")
        let local = try XCTUnwrap(bearer(of: try session.authhelper(["header", "--profile", "work"]).stdout))
        // The config names no default: `default` is not a profile here, so the agent is asked.
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config = config.replacingOccurrences(of: "default_profile = \"work\"\n", with: "")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: session.cacheDirectory + "/work")
        try startFakeAgent(profile: "work")

        assertFails(try session.authhelper(["token"], environment: asRemote), status: 78, naming: "'work'", "--profile work")
        let mine = try session.authhelper(["token", "--profile", "work"], environment: asRemote)
        XCTAssertEqual(mine.status, 0, mine.stderr)
        XCTAssertNotEqual(mine.stdoutLine, laptopToken, "the local profile's token, not the laptop's")
        XCTAssertEqual(
            try session.authhelper(["header", "--profile", "work"], environment: asRemote).stdoutLine,
            "Authorization: Bearer \(mine.stdoutLine)")
        let cached = try String(contentsOfFile: session.cacheDirectory + "/work", encoding: .utf8)
        XCTAssertFalse(cached.contains(laptopToken), "the local entry never holds the laptop's token")
        assertNoSecret(requestsTheAgentGot(), [local, mine.stdoutLine], "what the agent was sent")
    }

    /// A decision is stamped with the config it was made from: a forwarded call that began with
    /// no local config (the remote's first local login under way) records the laptop's profile as
    /// the default of *that* config, so once the new config is in place the front never answers
    /// the new local default's `token` with the laptop's token.
    func testAForwardedCallStampsItsRecordsWithTheConfigItReadNotTheOneThereWhenItEnds() throws {
        try? FileManager.default.removeItem(atPath: session.configFile)
        try startFakeAgent(profile: "laptop")
        let hold = agentFolder + "/requests.log.hold"
        XCTAssertTrue(FileManager.default.createFile(atPath: hold, contents: nil))
        let call = try ProcessRunner.start(Products.authhelper, ["token"], environment: session.environment.merging(asRemote) { $1 })
        // Held at the first question (the profile's description), after the config was read.
        try waitUntil("the agent holds the first request") { self.requestsTheAgentGot().contains("\"op\"") }
        // Meanwhile this machine gets its own config, with its own default profile.
        try FileManager.default.createDirectory(
            atPath: (session.configFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "[profiles.default]\nserver = \"\(server.url)\"\nusername = \"demo\"\n".write(
            toFile: session.configFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(session.configFile, 0o600), 0)
        try FileManager.default.removeItem(atPath: hold)
        let forwarded = call.wait()
        XCTAssertEqual(forwarded.status, 0, forwarded.stderr)
        XCTAssertEqual(forwarded.stdoutLine, laptopToken, "the call answered from the config it read")

        let lone = session.root.path + "/lone-authhelper"
        try FileManager.default.copyItem(atPath: Products.authhelper, toPath: lone)
        let warm = try ProcessRunner.run(lone, ["token"], environment: session.environment.merging(asRemote) { $1 })
        XCTAssertNotEqual(warm.stdoutLine, laptopToken, "the front took the laptop's token for the new local default")
        XCTAssertEqual(warm.status, 69, "handed over: \(warm.stderr)")
        let full = try session.authhelper(["token"], environment: asRemote)
        XCTAssertNotEqual(full.stdoutLine, laptopToken, full.stderr)
    }

    /// Item 4: a forwarded profile's tokens live in their own entries (`<profile>@agent`), and
    /// the front answers a warm call from there.
    func testForwardedTokensAreCachedApartAndStillAnsweredWarm() throws {
        try startFakeAgent(profile: "laptop")
        let token = try session.authhelper(["token", "--profile", "laptop"], environment: asRemote)
        XCTAssertEqual(token.status, 0, token.stderr)
        XCTAssertEqual(token.stdoutLine, laptopToken)
        XCTAssertTrue(FileManager.default.fileExists(atPath: session.cacheDirectory + "/laptop@agent"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/laptop"))
        fakeAgent?.terminate()
        let warm = try session.authhelper(["token", "--profile", "laptop"], environment: asRemote)
        XCTAssertEqual(warm.stdoutLine, laptopToken, "answered from the forwarded entry, without the agent: \(warm.stderr)")
    }

    /// Items 5 and 8: an agent's answer is checked as a server's: a token that is not token-shaped
    /// is refused; a name goes through the printable filter before it is shown.
    func testAnAgentsAnswerIsCheckedAsAServersIs() throws {
        try startFakeAgent(profile: "laptop", token: "\(laptopToken)\nAuthorization: Bearer forged")
        let forged = try session.authhelper(["header", "--profile", "laptop"], environment: asRemote)
        assertFails(forged, status: 65, naming: "token-shaped")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/laptop@agent"), "nothing cached")

        fakeAgent?.terminate()
        try startFakeAgent(profile: "laptop", username: "evil\u{1b}]0;owned\u{07}\u{202e}name", token: laptopToken)
        let status = try session.authhelper(["status", "--profile", "laptop"], environment: asRemote)
        XCTAssertFalse(status.stdout.contains("\u{1b}") || status.stdout.contains("\u{202e}"), status.stdout)
        XCTAssertFalse(status.stderr.contains("\u{1b}") || status.stderr.contains("\u{202e}"), status.stderr)
    }

    /// Item 5: only the user's own agent: a socket in a folder others may write is refused, as
    /// one owned by another user, or served by another user's process (those need root to
    /// plant: scripts/test runs this class as root as well).
    func testOnlyTheUsersOwnAgentIsAsked() throws {
        try startFakeAgent(profile: "laptop")
        XCTAssertEqual(chmod(agentFolder, 0o777), 0)
        assertFails(
            try session.authhelper(["token", "--profile", "laptop"], environment: asRemote), status: 69, naming: socketPath,
            "others may write")
        XCTAssertEqual(chmod(agentFolder, 0o700), 0)
        XCTAssertEqual(try session.authhelper(["token", "--profile", "laptop"], environment: asRemote).stdoutLine, laptopToken)

        guard getuid() == 0 else {
            print("AgentBoundaryTests: another user's socket and agent need root to plant; checked in the root run of scripts/test")
            return
        }
        try? FileManager.default.removeItem(atPath: session.cacheDirectory + "/laptop@agent")
        XCTAssertEqual(lchown(socketPath, 65534, 65534), 0)
        assertFails(
            try session.authhelper(["token", "--profile", "laptop"], environment: asRemote), status: 69, naming: "another user")
        // Another user's process behind a socket of ours (a folder shared with it).
        fakeAgent?.terminate()
        // A folder the other user can reach (the session's own are closed to it).
        let shared = "/tmp/ah-foreign-agent-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: shared) }
        XCTAssertEqual(chown(shared, 65534, 65534), 0)
        let foreign = try ProcessRunner.start(
            "/usr/sbin/runuser",
            [
                "-u", "nobody", "--", "/usr/bin/python3", "-c",
                """
                import os, socket, sys
                s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.listen(4); print("listening", flush=True)
                while True:
                    c, _ = s.accept(); c.recv(65536)
                    c.sendall(b'{"authhelper_agent":1,"profile":"laptop","server":"https://x.example","access_token":"foreign-token-0123456789abcdef","expires_at":4102444800,"obtained_at":1}\\n'); c.close()
                """,
                shared + "/agent.sock",
            ], environment: ["PATH": "/usr/bin:/bin"])
        defer { foreign.terminate() }
        try waitUntil("the other user's agent listens") { foreign.stdoutSoFar().contains("listening") }
        // Its socket moved into a folder of ours and given to us: only the peer's uid tells.
        let mine = session.root.path + "/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        XCTAssertEqual(rename(shared + "/agent.sock", mine + "/agent.sock"), 0)
        XCTAssertEqual(lchown(mine + "/agent.sock", getuid(), getgid()), 0)
        let asked = try session.authhelper(["token", "--profile", "laptop"], environment: ["AUTHHELPER_AGENT": mine + "/agent.sock"])
        assertFails(asked, status: 69, naming: "runs as another user")
    }

    /// Item 6: the agent never prompts. Started at a terminal, with the laptop's session ended, a
    /// remote request gets 77 saying to log in on the laptop, the agent's log one line, and the
    /// laptop's terminal no password prompt.
    func testTheAgentNeverPromptsAtTheLaptopsTerminal() throws {
        try login(extra: ["--forward"])
        var environment = session.environment
        environment["PATH"] = Products.directory + ":/usr/bin:/bin"
        let terminal = try TmuxSession(command: "authhelper agent 2>&1", environment: environment)
        XCTAssertTrue(try terminal.waitFor("serving the profiles").contains("serving the profiles"))
        try server.addFault(target: "refresh", kind: "bare:401")
        let remote = try session.authhelper(["token"], environment: try remoteEnvironment())
        assertFails(remote, status: 77, naming: "on the laptop has ended", "authhelper login` there")
        let screen = try terminal.waitFor("refused")
        XCTAssertFalse(screen.lowercased().contains("password"), "no prompt at the laptop's terminal:\n\(screen)")
        XCTAssertEqual(screen.components(separatedBy: "refused").count - 1, 1, "one line in the agent's log:\n\(screen)")
    }

    /// Item 7: callers over the agent's connection limit are told it is busy (75), every one of
    /// them, not dropped.
    func testABusyAgentSaysSoToEveryCallerItRefuses() throws {
        try login(extra: ["--forward"])
        let agent = try ProcessRunner.start(Products.authhelper, ["agent"], environment: session.environment)
        defer { agent.terminate() }
        XCTAssertNotNil(agent.stderrLine(containing: "serving the profiles with forward = true"), agent.stderrSoFar())
        // 64 silent peers hold every connection the agent serves at once.
        let holders = try ProcessRunner.start(
            "/usr/bin/python3",
            [
                "-c",
                """
                import socket, sys, time
                held = []
                for _ in range(64):
                    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); held.append(s)
                print("holding", flush=True); time.sleep(30)
                """,
                session.cacheDirectory + "/agent.sock",
            ], environment: ["PATH": "/usr/bin:/bin"])
        defer { holders.terminate() }
        try waitUntil("64 connections are held") { holders.stdoutSoFar().contains("holding") }
        usleep(500_000)
        let remote = try remoteEnvironment()
        let callers = try (0..<8).map { _ in
            try ProcessRunner.start(Products.authhelper, ["token"], environment: session.environment.merging(remote) { $1 })
        }
        for caller in callers {
            let result = caller.wait()
            assertFails(result, status: 75, naming: "requests at once; try again")
        }
    }
}
