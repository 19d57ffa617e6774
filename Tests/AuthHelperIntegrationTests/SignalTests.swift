import Foundation
import XCTest

/// Signals during a refresh, and the one window the protocol leaves open.
///
/// To catch a client between "the server has rotated the pair" and "the new pair is stored"
/// deterministically, the tests freeze gnome-keyring-daemon (SIGSTOP) while the refresh request
/// is held at the server: the client's store call then waits on D-Bus for as long as the test
/// needs, with the only copy of the new pair in its memory.
final class SignalTests: IntegrationTestCase {
    /// Starts `authhelper refresh` and returns once the server has rotated the pair and the
    /// client is storing it into the frozen keyring.
    func startRefreshThatCannotStoreYet() throws -> RunningProcess {
        try server.addFault(target: "refresh", kind: "delay:300", count: 1)
        let client = try ProcessRunner.start(Products.authhelper, ["refresh", "-v"], environment: session.environment)
        // The client has read the keyring and sent its request; nothing else of it needs the daemon
        // until the store.
        try waitUntil("the refresh request reached the server") { try server.counter("refresh_requests") == 1 }
        session.pauseKeyring()
        try waitUntil("the client received the rotated pair") { client.stderrSoFar().contains("refresh answered HTTP 200") }
        XCTAssertEqual(try server.counter("refreshes"), 1, "the server has rotated the pair")
        return client
    }

    func assertSignalWaitsForTheStore(_ signal: Int32, file: StaticString = #filePath, line: UInt = #line) throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        let client = try startRefreshThatCannotStoreYet()
        kill(client.process.processIdentifier, signal)
        usleep(300_000)
        XCTAssertTrue(client.process.isRunning, "signal \(signal) waits while the new pair is being stored", file: file, line: line)
        session.resumeKeyring()
        let result = client.wait()
        XCTAssertEqual(client.process.terminationReason, .uncaughtSignal, result.stderr, file: file, line: line)
        XCTAssertEqual(result.status, signal, "the held signal takes effect once the pair is stored", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("new pair stored"), result.stderr, file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)

        let after = try XCTUnwrap(storedRefreshToken())
        XCTAssertNotEqual(after, before, "the rotated pair was stored", file: file, line: line)
        let next = try session.authhelper(["refresh"])
        XCTAssertEqual(next.status, 0, "the stored pair works: \(next.stderr)", file: file, line: line)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0, "no refresh token was presented twice", file: file, line: line)
        XCTAssertEqual(try server.counter("refresh_rejections"), 0, file: file, line: line)
    }

    func testSIGTERMWhileTheNewPairIsStoredWaitsForTheStore() throws {
        try assertSignalWaitsForTheStore(SIGTERM)
    }

    func testSIGINTWhileTheNewPairIsStoredWaitsForTheStore() throws {
        try assertSignalWaitsForTheStore(SIGINT)
    }

    /// Starts `authhelper refresh` against a server that holds the request for two seconds and
    /// returns once the request is at the server (the refresh token is being spent).
    func startRefreshInFlight() throws -> RunningProcess {
        try server.addFault(target: "refresh", kind: "delay:2000", count: 1)
        let client = try ProcessRunner.start(Products.authhelper, ["refresh"], environment: session.environment)
        try waitUntil("the refresh request reached the server") { try server.counter("refresh_requests") == 1 }
        return client
    }

    func assertSignalDuringTheRequestIsHeldUntilThePairIsStored(_ signal: Int32, file: StaticString = #filePath, line: UInt = #line) throws
    {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        let client = try startRefreshInFlight()
        kill(client.process.processIdentifier, signal)
        try waitUntil("the client says it finishes the refresh") { client.stderrSoFar().contains("finishing the refresh") }
        XCTAssertTrue(client.process.isRunning, "signal \(signal) waits for the request in flight", file: file, line: line)
        let result = client.wait()
        XCTAssertEqual(client.process.terminationReason, .uncaughtSignal, result.stderr, file: file, line: line)
        XCTAssertEqual(result.status, signal, "the held signal takes effect once the pair is stored", file: file, line: line)
        XCTAssertEqual(result.stderr.components(separatedBy: "\n").filter { $0.contains("finishing the refresh") }.count, 1, result.stderr)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
        XCTAssertNotEqual(try storedRefreshToken(), before, "the rotated pair was stored", file: file, line: line)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0, "the session is kept", file: file, line: line)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0, file: file, line: line)
        XCTAssertEqual(try server.counter("refresh_rejections"), 0, file: file, line: line)
    }

    /// Ctrl-C (or a `kill`) while the request is at the server: the server spends the refresh
    /// token whatever the client does, so the client finishes the refresh and stores the pair.
    func testSIGINTWhileTheRequestIsInFlightIsHeldUntilThePairIsStored() throws {
        try assertSignalDuringTheRequestIsHeldUntilThePairIsStored(SIGINT)
    }

    func testSIGTERMWhileTheRequestIsInFlightIsHeldUntilThePairIsStored() throws {
        try assertSignalDuringTheRequestIsHeldUntilThePairIsStored(SIGTERM)
    }

    /// A second Ctrl-C is the person insisting: the client ends at once and says what that costs.
    func testASecondSIGINTAbandonsAtOnceAndSaysTheSessionMayBeLost() throws {
        try login()
        let client = try startRefreshInFlight()
        let sent = Date()
        kill(client.process.processIdentifier, SIGINT)
        try waitUntil("the first signal was noted") { client.stderrSoFar().contains("finishing the refresh") }
        kill(client.process.processIdentifier, SIGINT)
        let result = client.wait()
        XCTAssertLessThan(Date().timeIntervalSince(sent), 1.5, "the second Ctrl-C does not wait for the server's two seconds")
        XCTAssertEqual(client.process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(result.status, SIGINT)
        XCTAssertTrue(result.stderr.contains("session may be lost"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    /// Freezes the keyring, starts `authhelper refresh` (it waits on its first read, before any
    /// request) and sends `signal`; `ended` looks at the client before the keyring resumes. The
    /// old pair must then be untouched and still work.
    func assertSignalBeforeTheRequestKeepsTheOldPair(_ signal: Int32, ended: (RunningProcess) throws -> Void) throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        session.pauseKeyring()
        let client = try ProcessRunner.start(Products.authhelper, ["refresh"], environment: session.environment)
        usleep(300_000)  // the client is waiting on the frozen daemon for its first read
        kill(client.process.processIdentifier, signal)
        try ended(client)
        session.resumeKeyring()
        XCTAssertEqual(try server.counter("refresh_requests"), 0)
        XCTAssertEqual(try storedRefreshToken(), before)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0, "the old pair still works")
    }

    /// Outside the hold a signal acts at once: Ctrl-C while waiting on the keyring is not delayed.
    func testSIGINTBeforeTheRequestActsAtOnceAndKeepsTheSession() throws {
        try assertSignalBeforeTheRequestKeepsTheOldPair(SIGINT) { client in
            try waitUntil("the client ended", seconds: 2) { !client.process.isRunning }
            _ = client.wait()
            XCTAssertEqual(client.process.terminationReason, .uncaughtSignal)
        }
    }

    /// SIGKILL cannot be held, but once the store request has been handed to D-Bus it no longer
    /// needs the client: the frozen daemon, continued after the client died, still stores the
    /// pair. The window a SIGKILL can hit is therefore shorter than "until the store returns"
    /// (see the figure `scripts/bench` prints).
    func testSIGKILLAfterTheStoreWasHandedToDBusStillKeepsTheNewPair() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        let client = try startRefreshThatCannotStoreYet()
        kill(client.process.processIdentifier, SIGKILL)
        _ = client.wait()
        session.resumeKeyring()
        try waitUntil("the queued store has landed") { try storedRefreshToken() != before }
        let next = try session.authhelper(["refresh"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
    }

    /// The window the protocol leaves, made deterministic: the server has rotated the pair and
    /// the store fails (the keyring daemon dies mid-call). The old refresh token is spent, but the
    /// rotated pair waits in the journal: the tool says so plainly, exits non-zero without
    /// printing a token, and the next call, once the keyring is back, stores the pair and goes on
    /// — no login, the spent token never presented again.
    func testStoreFailingAfterTheServerRotatedKeepsThePairForTheNextCall() throws {
        try login()
        let client = try startRefreshThatCannotStoreYet()
        session.crashKeyring()
        let result = client.wait()
        assertFails(result, status: 77, naming: "could not be stored", "kept in the kernel keyring until the store works again")
        XCTAssertEqual(result.stdout, "")
        try session.startKeyring()
        let next = try session.authhelper(["refresh", "-v"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("stored the rotated pair a killed refresh left in the journal"), next.stderr)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0, "the spent refresh token was never presented again")
    }

    /// Outside the window SIGKILL loses nothing: killed while waiting for the keyring, or while
    /// another process holds the refresh lock, the old pair still works.
    func testSIGKILLBeforeTheRequestLeavesKeepsTheOldPair() throws {
        try assertSignalBeforeTheRequestKeepsTheOldPair(SIGKILL) { client in _ = client.wait() }
    }
}
