import Foundation
import XCTest

/// A refresh SIGKILLed (the OOM killer, `kill -9`) against a server whose refresh tokens are
/// single-use. The request goes through a courier process that outlives its caller and keeps the
/// server's answer in the journal (the kernel keyring); the rotated pair is journaled again before
/// the store is written; the next call stores what a killed one left. A kill while the request is
/// at the server, or after its answer, loses nothing; the random kills below measure what is left
/// (docs/security.md has the figures).
final class CrashConsistencyTests: IntegrationTestCase {
    /// Every token is born expired: every call refreshes.
    override var serverArguments: [String] { ["--access-ttl", "0"] }

    /// Killed after the server's answer, before the store has the pair (the keyring is held
    /// still, so the kill lands there every time, and then dies with the save queued for it): the
    /// next call stores the journaled pair, and the spent refresh token is never presented again.
    func testAKillAfterTheServersAnswerLosesNothing() throws {
        try login()
        try server.addFault(target: "refresh", kind: "delay:300", count: 1)
        let killed = try ProcessRunner.start(Products.authhelper, ["header", "-v"], environment: session.environment)
        try waitUntil("the refresh request reached the server") { try server.counter("refresh_requests") >= 1 }
        session.pauseKeyring()  // the answer comes while the keyring cannot take it
        try waitUntil("the client received the rotated pair") { killed.stderrSoFar().contains("refresh answered HTTP 200") }
        usleep(100_000)  // journaled; the store's save waits on the keyring
        kill(killed.process.processIdentifier, SIGKILL)
        _ = killed.wait()
        session.crashKeyring()  // and the save queued for it is never processed
        try session.startKeyring()

        let next = try session.authhelper(["header", "-v"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("stored the rotated pair a killed refresh left in the journal"), next.stderr)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0, "the spent refresh token was never presented again")
        XCTAssertEqual(try server.counter("refreshes"), 2, "the journaled pair was refreshed once more, as every call here does")
        XCTAssertEqual(try session.authhelper(["header"]).status, 0, "the session goes on")
    }

    /// Killed while the request is at the server (which spends the old refresh token on arrival
    /// and answers 300 ms later): the courier receives the answer and keeps it; the next call,
    /// which waits for the lock the courier holds, stores the pair from it.
    func testAKillWhileTheRequestIsAtTheServerLosesNothing() throws {
        try login()
        try server.addFault(target: "refresh", kind: "delay:300", count: 1)
        let (requests, refreshes) = (try server.counter("refresh_requests"), try server.counter("refreshes"))
        let killed = try ProcessRunner.start(Products.authhelper, ["header"], environment: session.environment)
        try waitUntil("the refresh request reached the server") { try server.counter("refresh_requests") > requests }
        kill(killed.process.processIdentifier, SIGKILL)
        XCTAssertEqual(try server.counter("refreshes"), refreshes, "killed before the server answered")
        _ = killed.wait()

        let next = try session.authhelper(["header", "-v"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("stored the rotated pair from the answer a killed refresh's courier kept"), next.stderr)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0, "the spent refresh token was never presented again")
        XCTAssertEqual(try session.authhelper(["header"]).status, 0, "the session goes on")
    }

    /// The courier is out of reach of what reaches its caller's process group (a terminal's
    /// Ctrl-C: a session of its own) and keeps nothing of its caller's open but the lock: its
    /// stdout, or a pipe the caller inherited, would keep the caller's reader
    /// (`$(authhelper header)`) waiting for it.
    func testTheCourierHoldsOnlyItsChannelAndTheLockInASessionOfItsOwn() throws {
        try login()
        try server.addFault(target: "refresh", kind: "delay:500", count: 1)
        let requests = try server.counter("refresh_requests")
        let caller = try ProcessRunner.start(Products.authhelper, ["header"], environment: session.environment)
        try waitUntil("the refresh request reached the server") { try server.counter("refresh_requests") > requests }
        let courier = try XCTUnwrap(Self.children(of: caller.process.processIdentifier).first, "the caller has a courier")
        let arguments = try String(contentsOfFile: "/proc/\(courier)/cmdline", encoding: .utf8).split(separator: "\0")
        XCTAssertEqual(arguments.last, "--refresh-courier")
        XCTAssertEqual(getsid(courier), courier, "a session of its own")
        let held = try Self.openFiles(of: courier)
        XCTAssertTrue(held[3]?.hasSuffix(".lock") == true, "the profile lock is descriptor 3: \(held)")
        XCTAssertEqual(held[2], "/dev/null")
        let callers = try Self.openFiles(of: caller.process.processIdentifier)
        XCTAssertTrue(callers[1]?.hasSuffix("/out") == true, "the caller's stdout is the test's file: \(callers)")
        for (descriptor, file) in callers where file != held[3] && file != "/dev/null" {
            XCTAssertFalse(held.values.contains(file), "the caller's descriptor \(descriptor) (\(file)) is not the courier's: \(held)")
        }
        XCTAssertEqual(caller.wait().status, 0)
    }

    /// What each open descriptor of `pid` names (`pipe:[N]`, a path).
    static func openFiles(of pid: pid_t) throws -> [Int: String] {
        var files: [Int: String] = [:]
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") {
            guard let descriptor = Int(entry),
                let file = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(entry)")
            else { continue }
            files[descriptor] = file
        }
        return files
    }

    static func children(of pid: pid_t) -> [pid_t] {
        let path = "/proc/\(pid)/task/\(pid)/children"
        return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: " ").compactMap { pid_t($0) }
    }

    func testRandomKillsOfAKeyringRefreshCorruptNothingAndPresentNoSpentTokenTwice() throws {
        try assertRandomKills(environment: [:])
    }

    func testRandomKillsOfAKernelStoreRefreshCorruptNothingAndPresentNoSpentTokenTwice() throws {
        try assertRandomKills(environment: ["AUTHHELPER_STORE": "kernel"])
    }

    func testRandomKillsOfAFileStoreRefreshCorruptNothingAndPresentNoSpentTokenTwice() throws {
        try assertRandomKills(environment: ["AUTHHELPER_STORE": "file"])
    }

    /// A login that replaces a session, killed at random moments of the whole call (50 times):
    /// the store is never left unreadable and the profile always has a working session — the
    /// old one, or the new one whole.
    func testRandomKillsOfALoginNeverLeaveTheProfileWithoutASession() throws {
        try login()
        let arguments = ["login", "--server", server.url, "--username", "demo", "--password-stdin"]
        var spans: [Double] = []
        for _ in 0..<3 {
            let started = Date()
            XCTAssertEqual(try session.authhelper(arguments, stdin: "demo-password\n").status, 0)
            spans.append(Date().timeIntervalSince(started))
        }
        let span = spans.sorted()[1]
        for kill in 0..<50 {
            let killed = try ProcessRunner.start(Products.authhelper, arguments, environment: session.environment, stdin: "demo-password\n")
            usleep(UInt32(Double.random(in: 0...span) * 1_000_000))
            Glibc.kill(killed.process.processIdentifier, SIGKILL)
            _ = killed.wait()
            let next = try session.authhelper(["header"])
            XCTAssertEqual(next.status, 0, "kill \(kill): \(next.stderr)")
            guard next.status == 0 else { return }
        }
        XCTAssertEqual(try session.authhelper(["status"]).status, 0)
    }

    static let kills = 200

    /// 200 kills at random moments of a whole refreshing call: at most 1 % of sessions lost (each
    /// loss is one 77 that names `authhelper login`), no store left unreadable, and a spent
    /// refresh token presented again only where a session was lost; the loss figure is printed
    /// for docs/security.md.
    func assertRandomKills(environment: [String: String], file: StaticString = #filePath, line: UInt = #line) throws {
        try login(environment: environment)
        let environment = session.environment.merging(environment) { $1 }
        var spans: [Double] = []
        for _ in 0..<5 {
            let started = Date()
            XCTAssertEqual(
                try ProcessRunner.run(Products.authhelper, ["header"], environment: environment).status, 0, file: file, line: line)
            spans.append(Date().timeIntervalSince(started))
        }
        let span = spans.sorted()[2]
        var (lost, corrupted) = (0, 0)
        for _ in 0..<Self.kills {
            let killed = try ProcessRunner.start(Products.authhelper, ["header"], environment: environment)
            usleep(UInt32(Double.random(in: 0...span) * 1_000_000))
            kill(killed.process.processIdentifier, SIGKILL)
            _ = killed.wait()
            let next = try ProcessRunner.run(Products.authhelper, ["header"], environment: environment)
            guard next.status != 0 else { continue }
            if next.status == 77, next.stderr.contains("authhelper login") { lost += 1 } else { corrupted += 1 }
            try login(environment: environment)
        }
        let status = try session.authhelper(["status"], environment: environment)
        XCTAssertEqual(status.status, 0, "the store reads after \(Self.kills) kills: \(status.stderr)", file: file, line: line)
        XCTAssertEqual(corrupted, 0, "no store was left unreadable", file: file, line: line)
        XCTAssertLessThanOrEqual(lost, Self.kills / 100, "at most 1 % of sessions lost", file: file, line: line)
        XCTAssertEqual(
            max(try server.counter("refresh_reuse"), 0), lost, "a spent refresh token is presented again only where a session was lost",
            file: file, line: line)
        print(
            "CrashConsistencyTests: \(lost) of \(Self.kills) sessions lost (\(environment["AUTHHELPER_STORE"] ?? "keyring"), a call \(Int(span * 1000)) ms)"
        )
    }

    func waitUntil(_ what: String, _ condition: () throws -> Bool) throws {
        for _ in 0..<200 {
            if try condition() { return }
            usleep(10_000)
        }
        XCTFail("timed out waiting until \(what)")
    }
}
