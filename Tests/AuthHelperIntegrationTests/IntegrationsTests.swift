import Foundation
import XCTest

/// git, kubectl and curl, driven for real where this machine has them.
final class GitCredentialTests: IntegrationTestCase {
    var hostPort: String { String(server.url.dropFirst("http://".count)) }

    /// A git with its own global config in the sandbox, authhelper and its link on PATH.
    func git(_ arguments: [String], stdin: String) throws -> ProcessResult {
        let bin = session.root.path + "/bin"
        try? FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let link = bin + "/git-credential-authhelper"
        if !FileManager.default.fileExists(atPath: link) {
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Products.authhelper)
            try FileManager.default.createSymbolicLink(atPath: bin + "/authhelper", withDestinationPath: Products.authhelper)
        }
        var env = session.environment
        env["PATH"] = bin + ":" + (env["PATH"] ?? "")
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_TERMINAL_PROMPT"] = "0"
        return try ProcessRunner.run("/usr/bin/git", arguments, environment: env, stdin: stdin)
    }

    func fields(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    func testGitCredentialFillThroughTheLinkedHelper() throws {
        try login()
        let result = try git(
            ["-c", "credential.helper=authhelper", "credential", "fill"],
            stdin: "protocol=http\nhost=\(hostPort)\n\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let reply = fields(result.stdout)
        XCTAssertEqual(reply["username"], "demo")
        let token = try XCTUnwrap(reply["password"])
        XCTAssertEqual(try server.usersMeStatus(token: token), 200)
        // git 2.39 drops password_expiry_utc (known from 2.40 on); the helper's own reply has it.
        let direct = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\n\n")
        XCTAssertGreaterThan(fields(direct.stdout)["password_expiry_utc"].flatMap(Int.init) ?? 0, Int(Date().timeIntervalSince1970))
    }

    func testGitCredentialFillThroughTheShellForm() throws {
        try login()
        let result = try git(
            ["-c", "credential.helper=!authhelper git-credential", "credential", "fill"],
            stdin: "protocol=http\nhost=\(hostPort)\n\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(fields(result.stdout)["password"])), 200)
    }

    func testNoMatchingProfileLeavesGitToItsNextHelper() throws {
        try login()
        // The next helper answers; authhelper said nothing for a host it does not serve.
        let result = try git(
            [
                "-c", "credential.helper=authhelper", "-c", "credential.helper=!f() { echo username=next; echo password=fallback; }; f",
                "credential", "fill",
            ], stdin: "protocol=https\nhost=git.example.org\n\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(fields(result.stdout)["password"], "fallback")
    }

    func testApproveStoresNothingAndRejectDropsOnlyTheAccessToken() throws {
        try login()
        let filled = try git(["-c", "credential.helper=authhelper", "credential", "fill"], stdin: "protocol=http\nhost=\(hostPort)\n\n")
        let token = try XCTUnwrap(fields(filled.stdout)["password"])
        let before = try XCTUnwrap(storedSession())
        let approve = try git(["-c", "credential.helper=authhelper", "credential", "approve"], stdin: filled.stdout + "\n")
        XCTAssertEqual(approve.status, 0, approve.stderr)
        XCTAssertEqual(try storedRefreshToken(), before["refresh_token"] as? String, "store keeps nothing and changes nothing")

        let reject = try git(["-c", "credential.helper=authhelper", "credential", "reject"], stdin: filled.stdout + "\n")
        XCTAssertEqual(reject.status, 0, reject.stderr)
        XCTAssertEqual(try storedRefreshToken(), before["refresh_token"] as? String, "erase never deletes the refresh token")
        XCTAssertNil(try storedSession()?["access_token"], "erase drops the access token")
        let again = try git(["-c", "credential.helper=authhelper", "credential", "fill"], stdin: "protocol=http\nhost=\(hostPort)\n\n")
        let renewed = try XCTUnwrap(fields(again.stdout)["password"])
        XCTAssertNotEqual(renewed, token)
        XCTAssertEqual(try server.counter("refreshes"), 1, "the next get refreshed")
        XCTAssertEqual(try server.usersMeStatus(token: renewed), 200)
    }

    func testAuthtypeCapabilityAnswersWithABearerCredentialFirst() throws {
        try login()
        let result = try session.authhelper(
            ["git-credential", "get"],
            stdin: "capability[]=authtype\nprotocol=http\nhost=\(hostPort)\nwwwauth[]=Bearer realm=x\n\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "capability[]=authtype", "git honours authtype only when the capability comes first")
        let reply = fields(result.stdout)
        XCTAssertEqual(reply["authtype"], "Bearer")
        XCTAssertEqual(reply["ephemeral"], "1")
        XCTAssertNil(reply["password"])
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(reply["credential"])), 200)
    }

    func testPathPrefixMustMatchWhenGitSendsAPath() throws {
        try login(extra: [])
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config = config.replacingOccurrences(of: "server = \"\(server.url)\"", with: "server = \"\(server.url)/team\"")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let outside = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\npath=other/repo.git\n")
        XCTAssertEqual(outside.stdout, "")
        XCTAssertEqual(outside.status, 0)
    }

    func testHostileInputIsRejectedWithoutACrash() throws {
        try login()
        let nul = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\u{0}x\n\n")
        XCTAssertEqual(nul.status, 64, nul.stderr)
        XCTAssertEqual(nul.stdout, "")
        let long = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=" + String(repeating: "a", count: 1 << 20) + "\n\n")
        XCTAssertEqual(long.status, 64, long.stderr)
        let unknownOperation = try session.authhelper(["git-credential", "frobnicate"], stdin: "protocol=http\n\n")
        XCTAssertEqual(unknownOperation.status, 0)
        XCTAssertEqual(unknownOperation.stdout, "")
        let unknownKeys = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\nfuture_key=1\n\n")
        XCTAssertEqual(unknownKeys.status, 0)
        XCTAssertTrue(unknownKeys.stdout.hasPrefix("username=demo\n"), unknownKeys.stdout)
    }
}

final class KubeCredentialTests: IntegrationTestCase {
    func decode(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The published shape: apiVersion, kind "ExecCredential", status.token, and
    /// status.expirationTimestamp as an RFC 3339 UTC time.
    func assertExecCredential(_ json: [String: Any], version: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(json["apiVersion"] as? String, version, file: file, line: line)
        XCTAssertEqual(json["kind"] as? String, "ExecCredential", file: file, line: line)
        let status = try XCTUnwrap(json["status"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(Set(status.keys), ["token", "expirationTimestamp"], file: file, line: line)
        let expiry = try XCTUnwrap(status["expirationTimestamp"] as? String, file: file, line: line)
        XCTAssertNotNil(expiry.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression), expiry, file: file, line: line)
        let formatter = ISO8601DateFormatter()
        XCTAssertGreaterThan(try XCTUnwrap(formatter.date(from: expiry), file: file, line: line), Date(), file: file, line: line)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(status["token"] as? String)), 200, file: file, line: line)
    }

    func testV1WithoutExecInfo() throws {
        try login()
        let result = try session.authhelper(["kube-credential"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertExecCredential(try decode(result.stdout), version: "client.authentication.k8s.io/v1")
    }

    func testVersionFromKubernetesExecInfo() throws {
        try login()
        for version in ["client.authentication.k8s.io/v1beta1", "client.authentication.k8s.io/v1"] {
            let info = #"{"apiVersion":"\#(version)","kind":"ExecCredential","spec":{"interactive":false}}"#
            let result = try session.authhelper(["kube-credential"], environment: ["KUBERNETES_EXEC_INFO": info])
            XCTAssertEqual(result.status, 0, result.stderr)
            try assertExecCredential(try decode(result.stdout), version: version)
        }
        let bad = try session.authhelper(["kube-credential"], environment: ["KUBERNETES_EXEC_INFO": #"{"apiVersion":"client.authentication.k8s.io/v2"}"#])
        XCTAssertEqual(bad.status, 64)
        XCTAssertEqual(bad.stdout, "")
    }

    func testNotLoggedInPrintsNothingAndExits77() throws {
        let result = try session.authhelper(["kube-credential"], environment: ["KUBERNETES_EXEC_INFO": #"{"spec":{"interactive":false}}"#])
        XCTAssertEqual(result.status, 77)
        XCTAssertEqual(result.stdout, "")
    }
}

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
        let unreachable = try session.authhelper(["curl", "-s", "http://127.0.0.1:9/"])
        XCTAssertEqual(unreachable.status, 7)
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
        let running = try ProcessRunner.start(Products.authhelper, ["curl", "-s", server.url + "/users/me"], environment: session.environment)
        var samples = 0
        var curlEnvironment: String?
        let deadline = Date().addingTimeInterval(3)
        while running.process.isRunning && Date() < deadline {
            let ps = try ProcessRunner.run("/bin/ps", ["-eo", "pid=,args="], environment: ["PATH": "/usr/bin:/bin"])
            assertNoSecret(ps.stdout, secrets, "the argv of a running process")
            for line in ps.stdout.split(separator: "\n") where line.contains("curl -K /dev/fd/3") {
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
