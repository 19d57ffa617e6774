import Foundation
import XCTest

/// Each test gets a fresh session (own keyring, own folders) and a fresh development server.
class IntegrationTestCase: XCTestCase {
    var session: KeyringSession!
    var server: DevServerProcess!

    /// Arguments for the development server; override per test class.
    var serverArguments: [String] { [] }

    /// The program that answers as the Secret Service: gnome-keyring, or KeePassXC when
    /// `AUTHHELPER_TEST_KEYRING=keepassxc` (scripts/test runs the keyring tests both ways);
    /// a class may insist on one.
    var keyringProvider: KeyringSession.Provider {
        ProcessInfo.processInfo.environment["AUTHHELPER_TEST_KEYRING"] == "keepassxc" ? .keepassxc : .gnomeKeyring
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try Prerequisites.require()
        session = try KeyringSession(provider: keyringProvider)
        server = try DevServerProcess(serverArguments)
    }

    override func tearDown() {
        server?.stop()
        session?.close()
        super.tearDown()
    }

    /// The remote machine's environment for the real agent of this session (the laptop): a
    /// config and runtime folder of its own, the laptop's socket as its agent.
    func remoteEnvironment() throws -> [String: String] {
        let run = session.root.path + "/remote-run"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return [
            "AUTHHELPER_CONFIG": session.root.path + "/remote.toml", "XDG_RUNTIME_DIR": run,
            "AUTHHELPER_AGENT": session.cacheDirectory + "/agent.sock",
        ]
    }

    /// `authhelper login` as the demo user through --password-stdin.
    @discardableResult
    func login(
        profile: String? = nil, password: String = "demo-password", extra: [String] = [],
        environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line
    ) throws -> ProcessResult {
        var arguments = ["login", "--server", server.url, "--username", "demo", "--password-stdin"] + extra
        if let profile { arguments += ["--profile", profile] }
        let result = try session.authhelper(arguments, stdin: password + "\n", environment: environment)
        XCTAssertEqual(result.status, 0, "login failed: \(result.stderr)", file: file, line: line)
        return result
    }

    /// The session document in the keyring for the demo user, parsed.
    func storedSession(profile: String = "default") throws -> [String: Any]? {
        guard let text = try session.keyringSecret(profile: profile, server: server.url, username: "demo") else { return nil }
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    func storedRefreshToken(profile: String = "default") throws -> String? {
        try storedSession(profile: profile)?["refresh_token"] as? String
    }

    func bearer(of header: String) -> String? {
        let prefix = "Authorization: Bearer "
        guard header.hasPrefix(prefix) else { return nil }
        return String(header.dropFirst(prefix.count)).trimmingCharacters(in: .newlines)
    }

    /// Polls `condition` every 10 ms for up to `seconds`; throws naming `what` when it never holds.
    func waitUntil(_ what: String, seconds: Double = 10, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(10_000)
        }
        throw NSError(domain: "IntegrationTestCase", code: 1, userInfo: [NSLocalizedDescriptionKey: "timed out waiting until \(what)"])
    }

    /// Spends a refresh token behind authhelper's back, as another client would.
    func spend(_ refreshToken: String) throws {
        let spend = try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-X", "POST", "-H", "@-", server.url + "/auth/jwt/refresh"],
            environment: [:], stdin: "refresh-token: \(refreshToken)\n")
        XCTAssertTrue(spend.stdout.contains("access_token"), spend.stdout)
    }

    /// One process (no child that could keep the lock) holding flock on `path` until killed.
    func lockHolder(_ path: String) throws -> RunningProcess {
        let holder = try ProcessRunner.start(
            "/usr/bin/python3",
            [
                "-c",
                """
                import fcntl, time
                f = open("\(path)", "a"); fcntl.flock(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(60)
                """,
            ], environment: ["PATH": "/usr/bin:/bin"])
        try waitUntil("the lock is held") { holder.stdoutSoFar().contains("locked") }
        return holder
    }

    /// Whether process `pid` has `path` open (it is waiting for, or holding, that lock).
    func process(_ pid: Int32, hasOpen path: String) -> Bool {
        let fdDirectory = "/proc/\(pid)/fd"
        guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: fdDirectory) else { return false }
        return descriptors.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDirectory)/\($0)")) == path }
    }

    /// The contract for a failure: exit `status`, nothing on stdout (the product), and a message on
    /// stderr that names each of `names`.
    func assertFails(_ result: ProcessResult, status: Int32, naming names: String..., file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, status, "exit status; stderr: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", "stdout carries only the product", file: file, line: line)
        for name in names {
            XCTAssertTrue(result.stderr.contains(name), "stderr names '\(name)': \(result.stderr)", file: file, line: line)
        }
    }

    /// Asserts that none of `secrets` occurs in `text`.
    func assertNoSecret(_ text: String, _ secrets: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for secret in secrets where !secret.isEmpty {
            XCTAssertFalse(text.contains(secret), "\(what) contains a secret value", file: file, line: line)
        }
    }

    /// Adds `line` to the table of `profile` in the config file.
    func addToProfile(_ line: String, profile: String = "default") throws {
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        let header = "[profiles.\(profile)]\n"
        XCTAssertTrue(config.contains(header), config)
        try config.replacingOccurrences(of: header, with: header + line + "\n")
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: session.configFile)
    }

    /// Removes every line that starts with `prefix` from the config file.
    func removeFromConfig(linesStartingWith prefix: String) throws {
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        let kept = config.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(prefix) }
        try kept.joined(separator: "\n").write(toFile: session.configFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: session.configFile)
    }

    /// Every file under `folder`, as text, for the secret search.
    func filesText(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var texts: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + relative), data.count < 4 << 20 {
                texts.append(String(decoding: data, as: UTF8.self))
            }
        }
        return texts
    }
}
