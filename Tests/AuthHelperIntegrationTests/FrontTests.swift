import Foundation
import XCTest

/// The front (`Sources/authhelper/main.swift`): a warm `header`, `token` and `exec` are answered
/// without authhelper-full; everything it is not sure of is handed over unchanged.
///
/// The proof of which program answered: a copy of the front alone in a folder, with no
/// authhelper-full beside it. What it answers there, it answered itself; what it hands over
/// fails there with exit 69 naming authhelper-full — and the same call through the build folder
/// (front and authhelper-full) then gives the full program's answer.
final class FrontTests: IntegrationTestCase {
    var lone: String!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let folder = session.root.path + "/lone"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        lone = folder + "/authhelper"
        try FileManager.default.copyItem(atPath: Products.authhelper, toPath: lone)
    }

    func runLone(_ arguments: [String], environment extra: [String: String] = [:], as name: String? = nil) throws -> ProcessResult {
        var executable = lone!
        if let name {
            executable = session.root.path + "/lone/" + name
            if !FileManager.default.fileExists(atPath: executable) {
                try FileManager.default.createSymbolicLink(atPath: executable, withDestinationPath: lone)
            }
        }
        return try ProcessRunner.run(executable, arguments, environment: session.environment.merging(extra) { $1 })
    }

    func assertHandedOver(_ result: ProcessResult, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 69, "\(what): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", what, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("cannot run authhelper-full"), "\(what): \(result.stderr)", file: file, line: line)
    }

    func testAWarmHeaderTokenAndExecAreAnsweredByTheFrontAlone() throws {
        try login()
        let full = try session.authhelper(["header"])
        XCTAssertEqual(full.status, 0, full.stderr)
        let token = try XCTUnwrap(bearer(of: full.stdout))

        let header = try runLone(["header"])
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertEqual(header.stdout, "Authorization: Bearer \(token)\n")
        XCTAssertEqual(header.stderr, "")
        XCTAssertEqual(try runLone(["token", "--profile", "default", "--min-ttl", "60"]).stdout, token + "\n")
        XCTAssertEqual(try runLone(["--profile=default", "--no-prompt", "--timeout", "30", "token"]).stdout, token + "\n")
        XCTAssertEqual(try runLone(["token"], environment: ["AUTHHELPER_PROFILE": "default"]).stdout, token + "\n")

        let exec = try runLone(
            ["exec", "--header-env", "AUTH", "--", "/bin/sh", "-c", #"printf '%s|%s' "$AUTHHELPER_TOKEN" "$AUTH""#],
            environment: ["AUTHHELPER_TOKEN": "an earlier value"])
        XCTAssertEqual(exec.status, 0, exec.stderr)
        XCTAssertEqual(exec.stdout, "\(token)|Authorization: Bearer \(token)")
        let named = try runLone(["exec", "--env", "API_TOKEN", "/bin/sh", "-c", #"printf '%s' "$API_TOKEN""#])
        XCTAssertEqual(named.stdout, token)
        let status = try runLone(["exec", "--", "/bin/sh", "-c", "exit 7"])
        XCTAssertEqual(status.status, 7, "the program's status is the call's")
        XCTAssertEqual(try server.counter("refreshes"), 0, "the login's token served every call")
    }

    /// Terraform's and pip's lookups are answered warm, from the broker's recorded answer to the
    /// very same lookup (ToolClaimRecord) and the runtime cache; any other lookup, or one under
    /// another config, goes to authhelper-full, which applies the rule.
    func testAWarmTerraformAndKeyringGetIsAnsweredByTheFrontAlone() throws {
        try login()
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        try addToProfile("also_for = [\"https://registry.example.com\"]")
        let token = try session.authhelper(["token"]).stdout
        let terraform = ["get", "registry.example.com"]
        let pip = ["get", "https://registry.example.com/simple/", "oauth2accesstoken"]
        let uv = ["--mode", "creds", "get", "https://registry.example.com/simple/"]
        assertHandedOver(try runLone(terraform, as: "terraform-credentials-authhelper"), "a lookup the broker has not answered yet")
        XCTAssertEqual(try session.authhelper(["terraform-credentials"] + terraform).stdout, "{\"token\":\"\(token.dropLast())\"}\n")
        XCTAssertEqual(try session.authhelper(["keyring"] + pip).stdout, token)
        XCTAssertEqual(try session.authhelper(["keyring"] + uv).stdout, "demo\n" + token)

        let warmTerraform = try runLone(terraform, as: "terraform-credentials-authhelper")
        XCTAssertEqual(warmTerraform.status, 0, warmTerraform.stderr)
        XCTAssertEqual(warmTerraform.stdout, "{\"token\":\"\(token.dropLast())\"}\n")
        XCTAssertEqual(try runLone(pip, as: "keyring").stdout, token)
        XCTAssertEqual(try runLone(uv, as: "keyring").stdout, "demo\n" + token)
        XCTAssertEqual(try runLone(["keyring"] + pip).stdout, token, "the command name works as the link does")
        assertHandedOver(try runLone(["--profile", "default"] + terraform, as: "terraform-credentials-authhelper"), "another lookup")
        assertHandedOver(try runLone(["get", "https://other.example.com/simple/", "x"], as: "keyring"), "a URL not recorded")
        assertHandedOver(try runLone(["set", "https://registry.example.com/simple/", "x"], as: "keyring"), "keyring set")
        // The registry leaves the profile (the config as login wrote it, without also_for); the
        // token's entry is written again under the new config, the record is not: the front must
        // not answer from it, and authhelper-full says the host is no profile's.
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: session.configFile)
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        XCTAssertEqual(try runLone(["header"]).status, 0, "the entry is fresh under the new config")
        assertHandedOver(try runLone(terraform, as: "terraform-credentials-authhelper"), "a record of an earlier config")
        XCTAssertEqual(try session.authhelper(["terraform-credentials"] + terraform).stdout, "{}\n")
        XCTAssertEqual(try server.counter("refreshes"), 0, "the login's token served every call")
    }

    func testWhatTheFrontIsNotSureOfGoesToAuthhelperFull() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let calls: [(String, [String], [String: String])] = [
            ("-v wants its debug line", ["header", "-v"], [:]),
            ("--help", ["header", "--help"], [:]),
            ("an unknown option", ["header", "--frobnicate"], [:]),
            ("a promise beyond the token's time", ["header", "--min-ttl", "7200"], [:]),
            ("a malformed --min-ttl", ["header", "--min-ttl", "soon"], [:]),
            ("a --timeout out of range", ["header", "--timeout", "0"], [:]),
            ("an option given twice", ["--profile", "default", "header", "--profile", "other"], [:]),
            ("exec --token-file", ["exec", "--token-file", "--", "true"], [:]),
            ("exec without a program", ["exec"], [:]),
            ("exec --env with a bad name", ["exec", "--env", "1X", "--", "true"], [:]),
            ("a command it does not answer", ["status"], [:]),
            ("no command", [], [:]),
            ("a profile name that names no file", ["header", "--profile", "../default"], [:]),
            ("another profile, not cached", ["header", "--profile", "other"], [:]),
            ("the cache turned off", ["header"], ["AUTHHELPER_NO_CACHE": "yes"]),
            ("no runtime folder", ["header"], ["XDG_RUNTIME_DIR": "relative/run"]),
            ("another config file", ["header", "--config", session.root.path + "/other.toml"], [:]),
        ]
        for (what, arguments, environment) in calls {
            assertHandedOver(try runLone(arguments, environment: environment), what)
        }
        assertHandedOver(try runLone(["get"], as: "git-credential-authhelper"), "git's helper")
        // The same calls reach authhelper-full through the build folder: its answers, not the front's.
        XCTAssertTrue(try session.authhelper(["header", "-v"]).stderr.contains("access token from the runtime cache"))
        XCTAssertEqual(try session.authhelper(["header", "--min-ttl", "soon"]).status, 64)
        XCTAssertEqual(try session.authhelper(["exec", "--", "/nonexistent/program"]).status, 127)
    }

    func testAnEntryTheFrontCannotTrustIsHandedOverAndAuthhelperFullDecides() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let entry = session.cacheDirectory + "/default"
        let original = try String(contentsOfFile: entry, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "authhelper-cache-v3")

        func rewrite(_ text: String, mode: Int = 0o600) throws {
            try? FileManager.default.removeItem(atPath: entry)
            XCTAssertTrue(FileManager.default.createFile(atPath: entry, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
        }
        try rewrite(original, mode: 0o644)
        assertHandedOver(try runLone(["header"]), "an entry others may read")
        try rewrite(original.replacingOccurrences(of: "authhelper-cache-v3", with: "authhelper-cache-v4"))
        assertHandedOver(try runLone(["header"]), "another version")
        let now = Int(Date().timeIntervalSince1970)
        lines[2] = String(now - 1)
        try rewrite(lines.joined(separator: "\n"))
        assertHandedOver(try runLone(["header"]), "an expired token")
        lines[2] = " \(now + 3600)"
        try rewrite(lines.joined(separator: "\n"))
        assertHandedOver(try runLone(["header"]), "an expiry with a space")
        try rewrite(original)
        try FileManager.default.moveItem(atPath: entry, toPath: entry + ".real")
        try FileManager.default.createSymbolicLink(atPath: entry, withDestinationPath: entry + ".real")
        assertHandedOver(try runLone(["header"]), "a symlink")
        try FileManager.default.removeItem(atPath: entry)
        try FileManager.default.moveItem(atPath: entry + ".real", toPath: entry)
        XCTAssertEqual(try runLone(["header"]).status, 0, "the entry as written")
        // The config edited since the entry was written: its fingerprint no longer matches (the
        // profile named, so the default's record, written for the config before, is not what refuses).
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        try (config + "\n# edited\n").write(toFile: session.configFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: session.configFile)
        assertHandedOver(try runLone(["header", "--profile", "default"]), "an edited config")
        assertHandedOver(try runLone(["header"]), "an edited config, the default profile")
        let refreshed = try session.authhelper(["header"])
        XCTAssertEqual(refreshed.status, 0, refreshed.stderr)
        XCTAssertEqual(try runLone(["header"]).stdout, refreshed.stdout, "authhelper-full wrote the entry again")
    }

    /// An entry names the profile it was written for, and a runtime folder other users may write
    /// in is not read at all: a file renamed there (`prod` to `dev`, a DPoP-bound `work@dpop` to
    /// `work`) is no token of the name it now has, for the front and for authhelper-full alike.
    func testARenamedEntryOrAFolderOthersMayWriteInHandsOutNoToken() throws {
        try login(profile: "prod")
        try login(profile: "dev")
        let prod = try XCTUnwrap(try session.authhelper(["token", "--profile", "prod"]).stdout.split(separator: "\n").first)
        let dev = try XCTUnwrap(try session.authhelper(["token", "--profile", "dev"]).stdout.split(separator: "\n").first)
        XCTAssertNotEqual(prod, dev)
        let entry = { (name: String) in self.session.cacheDirectory + "/" + name }
        // What another user with write access to the folder could do: rename prod's entry to dev's.
        XCTAssertEqual(rename(entry("prod"), entry("dev")), 0)
        assertHandedOver(try runLone(["token", "--profile", "dev"]), "prod's entry under dev's name")
        let full = try session.authhelper(["token", "--profile", "dev", "-v"])
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertNotEqual(full.stdout, prod + "\n", "authhelper-full took prod's entry for dev's")

        // A folder others may write in: not read, not written; every call goes on from the store.
        XCTAssertEqual(try session.authhelper(["token", "--profile", "prod"]).status, 0)
        XCTAssertEqual(chmod(session.cacheDirectory, 0o777), 0)
        defer { chmod(session.cacheDirectory, 0o700) }
        assertHandedOver(try runLone(["token", "--profile", "prod"]), "a folder others may write in")
        let fromStore = try session.authhelper(["token", "--profile", "prod", "-v"])
        XCTAssertEqual(fromStore.status, 0, fromStore.stderr)
        XCTAssertTrue(fromStore.stderr.contains("other users may write in \(session.cacheDirectory) (mode 777)"), fromStore.stderr)
        XCTAssertFalse(fromStore.stderr.contains("access token from the runtime cache"), fromStore.stderr)
        XCTAssertEqual(mode(of: session.cacheDirectory), 0o777, "a folder it does not trust is left alone")
        let doctor = try session.authhelper(["doctor"])
        XCTAssertTrue(doctor.stdout.contains("other users may write in"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("Remove it; the next call makes it again"), doctor.stdout)
    }

    /// A burst on an expired token: while one process refreshes (holding the profile's lock), the
    /// front with a stale entry waits for the lock and answers with the entry the refresh wrote,
    /// instead of starting authhelper-full only to wait for the same lock.
    func testAStaleEntryWaitsForTheRefreshUnderWayAndAnswersWithItsToken() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let entry = session.cacheDirectory + "/default"
        let lock = session.cacheDirectory + "/default.lock"
        let fresh = try String(contentsOfFile: entry, encoding: .utf8)
        var lines = fresh.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let now = Int(Date().timeIntervalSince1970)
        lines[2] = String(now - 1)
        lines[4] = "the-stale-token"
        try lines.joined(separator: "\n").write(toFile: entry, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(entry, 0o600), 0)
        if !FileManager.default.fileExists(atPath: lock) {
            XCTAssertTrue(FileManager.default.createFile(atPath: lock, contents: nil, attributes: [.posixPermissions: 0o600]))
        }
        let holder = try lockHolder(lock)
        let waiter = try ProcessRunner.start(lone, ["header"], environment: session.environment)
        try waitUntil("the front waits for the lock") { process(waiter.process.processIdentifier, hasOpen: lock) }
        // The refresh under way stores its token, then lets go of the lock.
        try fresh.write(toFile: entry + ".new", atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(entry + ".new", 0o600), 0)
        XCTAssertEqual(rename(entry + ".new", entry), 0)
        holder.terminate()
        let result = waiter.wait()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "Authorization: Bearer \(fresh.split(separator: "\n")[4])\n")

        // Nobody refreshing: a stale entry goes on to authhelper-full at once.
        try lines.joined(separator: "\n").write(toFile: entry, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(entry, 0o600), 0)
        assertHandedOver(try runLone(["header"]), "a stale entry, no refresh under way")
    }

    /// The config's default profile, recorded for this very config file, is what a call without
    /// --profile uses; the front reads the same record.
    func testTheRecordedDefaultProfileIsUsed() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let record = session.cacheDirectory + "/.default-profile"
        XCTAssertTrue(FileManager.default.fileExists(atPath: record))
        XCTAssertEqual(try runLone(["token"]).status, 0)
        try FileManager.default.removeItem(atPath: record)
        assertHandedOver(try runLone(["token"]), "no record of the default")
    }
}
