import Foundation
import XCTest

/// The front and authhelper-full never answer one command line differently: each row runs
/// through the front (the build folder, where it answers warm calls and hands the rest over) and
/// through authhelper-full alone, from the same runtime cache entry, and both must give the same
/// stdout, the same kind of stderr (silent, a warning, an error) and the same exit status.
///
/// Tokens a refresh issued differ from run to run, so they are compared as "a fresh token"; the
/// entry's own token is compared as itself.
final class FrontDifferentialTests: IntegrationTestCase {
    /// What a row starts from: the profile's entry as authhelper wrote it, or changed.
    enum Entry {
        case asWritten
        case expiry(String)
        case token(String)
        case mode(Int)
        case symlink
        case fingerprint(String)
        case audienceLine(String)
        case bytes(Data)
    }

    struct Row {
        let what: String
        let arguments: [String]
        var environment: [String: String] = [:]
        var entry: Entry = .asWritten
    }

    let craftedToken = "crafted-entry-token-0123456789abcdef"

    func testTheFrontAndAuthhelperFullAnswerEveryRowAlike() throws {
        // The front compared here is the one a user gets: the Embedded Swift build of WarmPath's
        // sources (its symbols mangled `$e`), not a full-Swift build of them.
        let symbols = try ProcessRunner.run("/usr/bin/nm", [Products.authhelper], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertTrue(symbols.stdout.contains(" $e10authhelper11WarmRequest"), "the front under test is the Embedded Swift build")
        try login()
        // A registry the profile claims, and the tools' lookups the broker has answered once.
        try addToProfile("also_for = [\"https://tools.example.com\"]")
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        XCTAssertEqual(try session.authhelper(["terraform-credentials", "get", "tools.example.com"]).status, 0)
        XCTAssertEqual(try session.authhelper(["keyring", "get", "https://tools.example.com/simple/", "u"]).status, 0)
        XCTAssertEqual(try session.authhelper(["keyring", "--mode", "creds", "get", "https://tools.example.com/simple/"]).status, 0)
        let entryPath = session.cacheDirectory + "/default"
        let written = try String(contentsOfFile: entryPath, encoding: .utf8)
        let now = Int64(Date().timeIntervalSince1970)

        let rows: [Row] = [
            // argv forms
            Row(what: "header", arguments: ["header"]),
            Row(what: "token", arguments: ["token"]),
            Row(what: "a global option before the command", arguments: ["--profile", "default", "header"]),
            Row(what: "= forms", arguments: ["token", "--profile=default", "--min-ttl=60", "--timeout=30"]),
            Row(what: "the same option twice, same value", arguments: ["--profile", "default", "header", "--profile", "default"]),
            Row(what: "the same option twice, two values", arguments: ["--profile", "default", "header", "--profile", "other"]),
            Row(what: "--min-ttl twice", arguments: ["header", "--min-ttl", "5", "--min-ttl", "6"]),
            Row(what: "an abbreviation", arguments: ["header", "--min", "5"]),
            Row(what: "an abbreviated global option", arguments: ["header", "--prof", "default"]),
            Row(what: "a stray argument", arguments: ["header", "extra"]),
            Row(what: "-- after header", arguments: ["header", "--"]),
            Row(what: "--min-ttl with a sign", arguments: ["header", "--min-ttl", "+5"]),
            Row(what: "a negative --min-ttl", arguments: ["header", "--min-ttl", "-1"]),
            Row(what: "--timeout out of range", arguments: ["token", "--timeout", "0"]),
            Row(what: "--timeout at its limit", arguments: ["token", "--timeout", "3600"]),
            Row(what: "a profile name that names no file", arguments: ["header", "--profile", "../default"]),
            // No runtime folder of this user there: both answer from the store, neither makes it.
            Row(what: "a runtime folder that does not exist", arguments: ["token"], environment: ["XDG_RUNTIME_DIR": "/nonexistent-run"]),
            Row(
                what: "a resource with a space and resource= inside",
                arguments: ["header", "--resource", "https://api-a.example/ resource=https://api-b.example/"]),
            Row(what: "a scope with a quote", arguments: ["header", "--scope", "a\"b"]),
            // environment
            Row(what: "AUTHHELPER_PROFILE", arguments: ["token"], environment: ["AUTHHELPER_PROFILE": "default"]),
            Row(what: "AUTHHELPER_PROFILE empty", arguments: ["token"], environment: ["AUTHHELPER_PROFILE": ""]),
            Row(what: "AUTHHELPER_CONFIG", arguments: ["token"], environment: ["AUTHHELPER_CONFIG": session.configFile]),
            Row(what: "a relative runtime folder", arguments: ["token"], environment: ["XDG_RUNTIME_DIR": "relative/run"]),
            Row(what: "no-cache 1", arguments: ["token"], environment: ["AUTHHELPER_NO_CACHE": "1"]),
            Row(what: "no-cache YES", arguments: ["token"], environment: ["AUTHHELPER_NO_CACHE": "YES"]),
            Row(what: "no-cache On", arguments: ["token"], environment: ["AUTHHELPER_NO_CACHE": "On"]),
            Row(what: "no-cache 0", arguments: ["token"], environment: ["AUTHHELPER_NO_CACHE": "0"]),
            Row(what: "no-cache empty", arguments: ["token"], environment: ["AUTHHELPER_NO_CACHE": ""]),
            // entries
            Row(what: "a crafted fresh entry", arguments: ["token"], entry: .token(craftedToken)),
            Row(what: "a stale entry", arguments: ["token"], entry: .expiry(String(now - 1))),
            Row(what: "an entry too short for --min-ttl", arguments: ["token", "--min-ttl", "7200"]),
            Row(what: "expiry INT64_MIN", arguments: ["token"], entry: .expiry(String(Int64.min))),
            Row(what: "expiry INT64_MAX", arguments: ["header"], entry: .expiry(String(Int64.max))),
            Row(what: "expiry 0", arguments: ["token"], entry: .expiry("0")),
            Row(what: "expiry with a space", arguments: ["token"], entry: .expiry(" \(now + 3000)")),
            Row(what: "a NUL in the token", arguments: ["token"], entry: .token("abc\u{0}def-0123456789abcdef")),
            Row(what: "an oversize entry", arguments: ["token"], entry: .token(String(repeating: "t", count: 70_000))),
            Row(what: "an entry others may read", arguments: ["token"], entry: .mode(0o644)),
            Row(what: "an entry through a symlink", arguments: ["token"], entry: .symlink),
            Row(what: "an entry for another config", arguments: ["token"], entry: .fingerprint("1:2:3:4.5")),
            Row(what: "an audience line on the profile's entry", arguments: ["token"], entry: .audienceLine("resource=https://x.example/")),
            Row(what: "an entry of another format", arguments: ["token"], entry: .bytes(Data("authhelper-cache-v4\n".utf8))),
            // the tools' lookups
            Row(what: "terraform get", arguments: ["terraform-credentials", "get", "tools.example.com"]),
            Row(what: "terraform get, another host", arguments: ["terraform-credentials", "get", "other.example.com"]),
            Row(
                what: "terraform get, --profile", arguments: ["terraform-credentials", "--profile", "default", "get", "tools.example.com"]),
            Row(
                what: "terraform get, a stale entry", arguments: ["terraform-credentials", "get", "tools.example.com"],
                entry: .expiry(String(now - 1))),
            Row(what: "terraform store", arguments: ["terraform-credentials", "store", "tools.example.com"]),
            Row(what: "keyring get", arguments: ["keyring", "get", "https://tools.example.com/simple/", "u"]),
            Row(what: "keyring creds", arguments: ["keyring", "--mode", "creds", "get", "https://tools.example.com/simple/"]),
            Row(what: "keyring get, another URL", arguments: ["keyring", "get", "https://other.example.com/simple/", "u"]),
            Row(what: "keyring get, no user", arguments: ["keyring", "get", "https://tools.example.com/simple/"]),
            Row(
                what: "keyring get, a crafted entry", arguments: ["keyring", "get", "https://tools.example.com/simple/", "u"],
                entry: .token(craftedToken)),
            // exec
            Row(what: "exec", arguments: ["exec", "--", "/bin/sh", "-c", #"printf '%s' "$AUTHHELPER_TOKEN""#]),
            Row(what: "exec --header-env", arguments: ["exec", "--header-env", "H", "--", "/bin/sh", "-c", #"printf '%s' "$H""#]),
            Row(what: "exec --env PATH", arguments: ["exec", "--env", "PATH", "--", "true"]),
            Row(what: "exec --env PATH, a program by path", arguments: ["exec", "--env", "PATH", "--", "/bin/true"]),
            Row(what: "exec a missing program", arguments: ["exec", "--", "/nonexistent/program"]),
            Row(what: "exec a folder", arguments: ["exec", "--", "/tmp"]),
            Row(what: "exec the program's status", arguments: ["exec", "/bin/sh", "-c", "exit 9"]),
            Row(what: "exec an option it does not know", arguments: ["exec", "-x", "true"]),
        ]

        let full = Products.directory + "/authhelper-full"
        for row in rows {
            try restore(written, then: row.entry, at: entryPath)
            let viaFront = try ProcessRunner.run(
                Products.authhelper, row.arguments, environment: session.environment.merging(row.environment) { $1 })
            try restore(written, then: row.entry, at: entryPath)
            let alone = try ProcessRunner.run(full, row.arguments, environment: session.environment.merging(row.environment) { $1 })
            XCTAssertEqual(viaFront.status, alone.status, "\(row.what): exit status; front: \(viaFront.stderr) full: \(alone.stderr)")
            XCTAssertEqual(normalized(viaFront.stdout), normalized(alone.stdout), "\(row.what): stdout")
            XCTAssertEqual(
                kind(viaFront.stderr), kind(alone.stderr), "\(row.what): stderr; front: \(viaFront.stderr) full: \(alone.stderr)")
        }
        XCTAssertGreaterThan(try server.counter("refreshes"), 0, "rows that need a refresh made one")
    }

    /// A caller with SIGALRM blocked or ignored: the front's wait for a refresh under way is
    /// bounded all the same (it does not wait on a signal), and the program it becomes starts with
    /// no SIGALRM pending.
    func testTheWaitForARefreshIsBoundedWhateverTheSignalMask() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let entry = session.cacheDirectory + "/default"
        var lines = try String(contentsOfFile: entry, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        lines[2] = String(Int64(Date().timeIntervalSince1970) - 1)
        try lines.joined(separator: "\n").write(toFile: entry, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(entry, 0o600), 0)
        // A front alone in a folder: what it hands over fails at once (69), so the time measured
        // is its own wait.
        let lone = session.root.path + "/lone-front"
        try FileManager.default.createDirectory(atPath: lone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Products.authhelper, toPath: lone + "/authhelper")
        let lock = session.cacheDirectory + "/default.lock"
        if !FileManager.default.fileExists(atPath: lock) {
            XCTAssertTrue(FileManager.default.createFile(atPath: lock, contents: nil, attributes: [.posixPermissions: 0o600]))
        }
        let holder = try lockHolder(lock)
        for disposition in ["block", "ignore"] {
            let started = Date()
            let result = try ProcessRunner.run(
                "/usr/bin/python3",
                [
                    "-c",
                    """
                    import os, signal, sys
                    if sys.argv[1] == "block": signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
                    else: signal.signal(signal.SIGALRM, signal.SIG_IGN)
                    os.execv(sys.argv[2], sys.argv[2:])
                    """,
                    disposition, lone + "/authhelper", "header",
                ], environment: session.environment)
            let elapsed = Date().timeIntervalSince(started)
            XCTAssertEqual(result.status, 69, "\(disposition): handed over after the wait: \(result.stderr)")
            XCTAssertGreaterThanOrEqual(elapsed, 1.9, "\(disposition): it waited for the refresh under way")
            XCTAssertLessThan(elapsed, 3.5, "\(disposition): the wait is bounded at 2 s")
        }
        holder.terminate()
        // A warm exec from a caller that blocks SIGALRM: the program sees no SIGALRM pending.
        try restoreFresh(entry)
        let pending = try ProcessRunner.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import os, signal, sys
                signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
                os.execv(sys.argv[1], sys.argv[1:])
                """,
                Products.authhelper, "exec", "--", "/bin/sh", "-c", "grep SigPnd /proc/self/status; grep ShdPnd /proc/self/status",
            ], environment: session.environment)
        XCTAssertEqual(pending.status, 0, pending.stderr)
        XCTAssertEqual(pending.stdout, "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n")
    }

    // MARK: Helpers

    private func restoreFresh(_ entry: String) throws {
        try? FileManager.default.removeItem(atPath: entry)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
    }

    /// Writes the entry as authhelper wrote it, then changes it as the row says.
    private func restore(_ written: String, then change: Entry, at path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + ".real")
        var lines = written.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var mode = 0o600
        var data: Data?
        switch change {
        case .asWritten: break
        case .expiry(let text): lines[2] = text
        case .token(let text): lines[4] = text
        case .mode(let value): mode = value
        case .fingerprint(let text): lines[1] = text
        case .audienceLine(let text): lines.insert(text, at: 5)
        case .bytes(let bytes): data = bytes
        case .symlink:
            XCTAssertTrue(
                FileManager.default.createFile(atPath: path + ".real", contents: Data(written.utf8), attributes: [.posixPermissions: 0o600])
            )
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path + ".real")
            return
        }
        let contents = data ?? Data(lines.joined(separator: "\n").utf8)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: mode]))
        XCTAssertEqual(chmod(path, mode_t(mode)), 0)
    }

    /// The dev server's tokens (JWTs) as "a fresh token"; the crafted one stays itself.
    private func normalized(_ text: String) -> String {
        text.replacingOccurrences(
            of: #"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"#, with: "<fresh token>", options: .regularExpression)
    }

    private func kind(_ stderr: String) -> String {
        if stderr.isEmpty { return "silent" }
        if stderr.contains("authhelper: error:") || stderr.contains("Error:") { return "error" }
        if stderr.contains("warning:") { return "warning" }
        return "other: " + stderr
    }
}
