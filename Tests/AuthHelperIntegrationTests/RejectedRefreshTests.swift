import Foundation
import XCTest

/// A refresh token rejected by the server is checked against the store under the lock: what
/// another process wrote meanwhile is used, never deleted; only the unchanged dead session goes.
final class RejectedRefreshTests: IntegrationTestCase {
    /// Login hands out expired access tokens, so every `header` needs a refresh.
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    func testAnUnchangedRejectedSessionIsRemovedSoStatusTellsTheTruth() throws {
        try login()
        try spend(try XCTUnwrap(storedRefreshToken()))
        let result = try session.authhelper(["header"])
        assertFails(result, status: 77, naming: "so the session was removed")
        XCTAssertNil(try storedSession(), "the dead session is gone from the keyring")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"))
        let status = try session.authhelper(["status"])
        XCTAssertEqual(status.status, 77, "status no longer claims a session: \(status.stdout)")
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
    }

    func testARejectedSessionHoldingAClientSecretIsKeptForTheNextLogin() throws {
        try login(password: "demo-password\nclient-secret-value", extra: ["--with-client-secret"])
        try spend(try XCTUnwrap(storedRefreshToken()))
        let result = try session.authhelper(["header"])
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertFalse(result.stderr.contains("removed"), result.stderr)
        XCTAssertEqual(try storedSession()?["client_secret"] as? String, "client-secret-value")
        // The next login reuses the stored client secret without asking for it.
        try login()
        XCTAssertEqual(try storedSession()?["client_secret"] as? String, "client-secret-value")
    }
}
