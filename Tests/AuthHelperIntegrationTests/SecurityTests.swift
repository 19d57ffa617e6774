import Foundation
import XCTest

/// What authhelper never does: leak a secret, follow a planted link, trust a file that is not
/// private.
final class SecurityTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    /// Every command with -v, on success and failure paths: the password appears nowhere after
    /// login, the refresh token only in the keyring, the access token only on the stdout of
    /// header/token/git-credential/kube-credential and in the runtime cache.
    func testSecretsAppearOnlyWhereTheContractPutsThem() throws {
        // Every refresh and access token the session ever held, not only the last: a copy of an
        // older (rotated) token in a file is a leak as well.
        var refreshTokens: Set<String> = []
        var accessTokens: Set<String> = []
        func noteStored() throws {
            let stored = try XCTUnwrap(storedSession())
            refreshTokens.insert(try XCTUnwrap(stored["refresh_token"] as? String))
            if let access = stored["access_token"] as? String { accessTokens.insert(access) }
        }
        let login = try login(extra: ["-v"])
        try noteStored()
        var outputs: [(String, ProcessResult)] = [("login", login)]
        for arguments in [
            ["header", "-v"], ["token", "-v"], ["refresh", "-v"], ["status", "-v"], ["status", "--json", "-v"],
            ["status", "--all", "-v"], ["kube-credential", "-v"], ["curl", "-v", "-s", server.url + "/users/me"],
        ] {
            let result = try session.authhelper(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            // The product of header/token/kube-credential is the access token: only stderr counts.
            let product = ["header", "token", "kube-credential"].contains(arguments[0])
            outputs.append(
                (arguments.joined(separator: " "), product ? ProcessResult(status: 0, stdout: "", stderr: result.stderr) : result))
            try noteStored()
        }
        let git = try session.authhelper(["git-credential", "-v", "get"], stdin: "protocol=http\nhost=\(server.url.dropFirst(7))\n\n")
        outputs.append(("git-credential stderr", ProcessResult(status: 0, stdout: "", stderr: git.stderr)))
        // A failing refresh must not echo the token it sent.
        try server.addFault(target: "refresh", kind: "status:500", count: 1)
        let failing = try session.authhelper(["refresh", "-v"])
        XCTAssertEqual(failing.status, 75)
        outputs.append(("failing refresh", failing))
        try noteStored()
        XCTAssertGreaterThanOrEqual(refreshTokens.count, 3, "login and two refreshes rotated the pair")

        let secrets = ["demo-password"] + Array(refreshTokens) + Array(accessTokens)
        for (what, result) in outputs {
            assertNoSecret(result.stdout + result.stderr, secrets, what)
        }
        // Files: the password and refresh tokens in none; access tokens only in the runtime cache.
        for file in session.allFiles() {
            let text = String(decoding: file.contents, as: UTF8.self)
            assertNoSecret(text, ["demo-password"] + Array(refreshTokens), file.path)
            if !file.path.hasPrefix("run/authhelper/") {
                assertNoSecret(text, Array(accessTokens), file.path)
            }
        }
    }

    func testSymlinkPlantedAsRuntimeCacheIsNotFollowed() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["token"]).status, 0)
        let cache = session.cacheDirectory + "/default"
        // The decoy is a valid entry for this very config, so only the refusal to follow the
        // link keeps it out.
        var lines = try String(contentsOfFile: cache, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[4] = "planted-token"
        let decoy = session.root.path + "/decoy"
        try (lines.joined(separator: "\n") + "\n").write(toFile: decoy, atomically: true, encoding: .utf8)
        chmod(decoy, 0o600)
        try? FileManager.default.removeItem(atPath: cache)
        try FileManager.default.createSymbolicLink(atPath: cache, withDestinationPath: decoy)
        let result = try session.authhelper(["token"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNotEqual(result.stdoutLine, "planted-token")
        XCTAssertEqual(try server.usersMeStatus(token: result.stdoutLine), 200)
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: cache), decoy, "the link was neither followed nor replaced")
        XCTAssertEqual(try String(contentsOfFile: decoy, encoding: .utf8).contains("planted-token"), true, "the target was not written")
    }

    func testCacheFileWithWrongModeIsIgnored() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["token"]).status, 0)
        let cache = session.cacheDirectory + "/default"
        var text = try String(contentsOfFile: cache, encoding: .utf8)
        let real = text.split(separator: "\n")[4]
        text = text.replacingOccurrences(of: real, with: "tampered-token")
        try text.write(toFile: cache, atomically: false, encoding: .utf8)
        chmod(cache, 0o644)
        let result = try session.authhelper(["token"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNotEqual(result.stdoutLine, "tampered-token", "a cache file others can write to is not trusted")
    }

    func testSymlinkPlantedAsLockIsRefused() throws {
        try login()
        let lock = session.cacheDirectory + "/default.lock"
        try? FileManager.default.removeItem(atPath: lock)
        try FileManager.default.createSymbolicLink(atPath: lock, withDestinationPath: session.root.path + "/elsewhere")
        let result = try session.authhelper(["refresh"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.root.path + "/elsewhere"), "the link's target was not created")
        XCTAssertNotNil(try storedRefreshToken(), "nothing stored was lost")
    }

    /// The lock is opened without following links and must be a regular file of this user: a
    /// FIFO planted there, or (as root, where it can be arranged) a file of another user, is
    /// refused before any refresh token is spent.
    func testLockThatIsNotARegularFileOfYoursIsRefused() throws {
        try login()
        let lock = session.cacheDirectory + "/default.lock"
        try? FileManager.default.removeItem(atPath: lock)
        XCTAssertEqual(mkfifo(lock, 0o600), 0)
        let fifo = try session.authhelper(["refresh"])
        assertFails(fifo, status: 1, naming: "not a regular file of yours")
        XCTAssertEqual(try server.counter("refresh_requests"), 0, "nothing was spent")

        if getuid() == 0 {
            unlink(lock)
            XCTAssertTrue(FileManager.default.createFile(atPath: lock, contents: nil))
            XCTAssertEqual(chown(lock, 65534, 65534), 0)
            let foreign = try session.authhelper(["refresh"])
            assertFails(foreign, status: 1, naming: "not a regular file of yours")
            XCTAssertEqual(try server.counter("refresh_requests"), 0, "nothing was spent")
        }
        unlink(lock)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0, "the session survived")
    }

    /// authhelper's runtime folder is kept private: one that others can read is tightened to
    /// 0700, and a symlink planted in its place is never followed: the call goes on from the store.
    func testRuntimeFolderIsTightenedAndAPlantedLinkRefused() throws {
        try login()
        chmod(session.cacheDirectory, 0o755)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(mode(of: session.cacheDirectory), 0o700, "the existing folder was tightened")

        let elsewhere = session.root.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        try FileManager.default.removeItem(atPath: session.cacheDirectory)
        try FileManager.default.createSymbolicLink(atPath: session.cacheDirectory, withDestinationPath: elsewhere)
        let result = try session.authhelper(["refresh", "-v"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("is a symlink, a file or another user's folder"), result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere), [], "nothing was written through the link")
        XCTAssertNotNil(try storedRefreshToken(), "nothing stored was lost")
    }

    func testConfigReadableByOthersDrawsAWarning() throws {
        try login()
        chmod(session.configFile, 0o644)
        let result = try session.authhelper(["status"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("can be read by other users"), result.stderr)
    }

    func testUserAgentNamesAuthhelperAndItsVersion() throws {
        // The development server records nothing of headers, so ask a raw listener.
        let version = try session.authhelper(["--version"]).stdoutLine
        let listener = try ProcessRunner.start(
            "/usr/bin/python3",
            [
                "-c",
                """
                import socket
                s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
                print(s.getsockname()[1], flush=True)
                while True:  # discovery's GETs find nothing (no issuer here); the login's POST gets a 500
                    c, _ = s.accept(); data = c.recv(65536).decode()
                    status = b"404 Not Found" if data.startswith("GET ") else b"500 X"
                    c.sendall(b"HTTP/1.1 " + status + b"\\r\\nContent-Length: 0\\r\\n\\r\\n"); c.close()
                    if not data.startswith("GET "): break
                print(data, flush=True)
                """,
            ], environment: ["PATH": "/usr/bin:/bin"])
        var port = ""
        for _ in 0..<100 where port.isEmpty {
            usleep(20_000)
            port = listener.stdoutSoFar().split(separator: "\n").first.map(String.init) ?? ""
        }
        let result = try session.authhelper(
            ["login", "--server", "http://127.0.0.1:\(port)", "--username", "demo", "--password-stdin"],
            stdin: "demo-password\n")
        XCTAssertEqual(result.status, 75)
        let request = listener.wait().stdout
        XCTAssertTrue(request.contains("User-Agent: authhelper/\(version)"), request)
        XCTAssertFalse(request.contains("\r\nAuthorization:"), "login sends no bearer header")
    }
}
