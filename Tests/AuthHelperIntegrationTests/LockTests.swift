import Foundation
import XCTest

/// The refresh lock: in a private folder, released by a dying process, waited for a bounded time.
final class LockTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    func testAWaiterGivesUpAfterABoundedTimeAndChangesNothing() throws {
        try login()
        let lock = session.cacheDirectory + "/default.lock"
        XCTAssertEqual(mode(of: session.cacheDirectory), 0o700)
        let holder = try lockHolder(lock)
        defer { holder.terminate() }
        let started = Date()
        let result = try session.authhelper(["header", "--timeout", "1"])
        let waited = Date().timeIntervalSince(started)
        assertFails(result, status: 75, naming: "held the lock")
        XCTAssertGreaterThan(waited, 10)
        XCTAssertLessThan(waited, 20)
        XCTAssertEqual(try server.counter("refreshes"), 0)
    }

    func testALockHolderKilledReleasesTheLock() throws {
        try login()
        let lock = session.cacheDirectory + "/default.lock"
        let holder = try lockHolder(lock)
        kill(holder.process.processIdentifier, SIGKILL)
        holder.terminate()
        let result = try session.authhelper(["header", "--timeout", "2"])
        XCTAssertEqual(result.status, 0, "a lock dies with its process: \(result.stderr)")
    }
}
