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
        // Dot segments that climb out of the prefix, plain or percent-encoded, get no answer.
        for escape in ["team/../other/repo.git", "team/%2e%2e/other/repo.git", "team/./../../other.git"] {
            let result = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\npath=\(escape)\n")
            XCTAssertEqual(result.stdout, "", "\(escape) climbs out of /team")
            XCTAssertEqual(result.status, 0)
        }
    }

    /// git asks the one rule from a URL to a profile (URLClaim), as every adapter does: the
    /// longest claim wins whatever it is by (here another profile's also_for path), and a request
    /// without a path, for an origin that profiles share by path, is answered by nobody: git goes
    /// on to its next helper rather than get a token authhelper would have to guess.
    func testTheProfileIsTheOneURLRulesWithAPathAndNobodysWhereOnlyThePathWouldChoose() throws {
        try login()
        try login(profile: "team")
        try addToProfile("also_for = [\"\(server.url)/team\"]", profile: "team")
        let team = try XCTUnwrap(try session.authhelper(["token", "--profile", "team"]).stdoutLine)
        let own = try XCTUnwrap(try session.authhelper(["token", "--profile", "default"]).stdoutLine)
        XCTAssertNotEqual(team, own)
        let ask = { (path: String?) in
            try self.session.authhelper(
                ["git-credential", "get", "-v"], stdin: "protocol=http\nhost=\(self.hostPort)\n" + (path.map { "path=\($0)\n" } ?? ""))
        }
        XCTAssertEqual(fields(try ask("team/repo.git").stdout)["password"], team, "the longest claim: team's also_for")
        XCTAssertEqual(fields(try ask("other/repo.git").stdout)["password"], own, "the default profile's server")
        let pathless = try ask(nil)
        XCTAssertEqual(pathless.status, 0, pathless.stderr)
        XCTAssertEqual(pathless.stdout, "", "not guessed")
        XCTAssertTrue(pathless.stderr.contains("alone does not say which profile"), pathless.stderr)
        let named = try session.authhelper(["git-credential", "get", "--profile", "team"], stdin: "protocol=http\nhost=\(hostPort)\n")
        XCTAssertEqual(fields(named.stdout)["password"], team, "--profile settles it")
    }

    func testHostileInputIsRejectedWithoutACrash() throws {
        try login()
        let nul = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\u{0}x\n\n")
        XCTAssertEqual(nul.status, 64, nul.stderr)
        XCTAssertEqual(nul.stdout, "")
        let long = try session.authhelper(
            ["git-credential", "get"], stdin: "protocol=http\nhost=" + String(repeating: "a", count: 1 << 20) + "\n\n")
        XCTAssertEqual(long.status, 64, long.stderr)
        let unknownOperation = try session.authhelper(["git-credential", "frobnicate"], stdin: "protocol=http\n\n")
        XCTAssertEqual(unknownOperation.status, 0)
        XCTAssertEqual(unknownOperation.stdout, "")
        let unknownKeys = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\nfuture_key=1\n\n")
        XCTAssertEqual(unknownKeys.status, 0)
        XCTAssertTrue(unknownKeys.stdout.hasPrefix("username=demo\n"), unknownKeys.stdout)
    }
}
