import Foundation
import XCTest

/// A login in another terminal while this process's refresh is on its way: the server rejects
/// the old token, and the pair the login stored is used as it is — not deleted, not refreshed.
final class RotatedMeanwhileTests: IntegrationTestCase {
    func testAPairStoredByALoginMeanwhileIsUsedNotDeleted() throws {
        try login()
        let old = try XCTUnwrap(storedRefreshToken())
        // Drop the access token (as git's `credential reject` does), so the next header refreshes.
        let erase = try session.authhelper(["git-credential", "erase"], stdin: "protocol=http\nhost=\(server.url.dropFirst(7))\n\n")
        XCTAssertEqual(erase.status, 0, erase.stderr)
        try server.addFault(target: "refresh", kind: "delay:1500", count: 1)
        let client = try ProcessRunner.start(Products.authhelper, ["header", "-v"], environment: session.environment)
        try waitUntil("the refresh request reached the server") { try server.counter("refresh_requests") == 1 }
        // While the request waits at the server: its token gets spent elsewhere, and a login in
        // another terminal stores a new pair with a valid access token.
        try spend(old)
        try login()
        let fromLogin = try XCTUnwrap(storedSession())
        let result = client.wait()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("the store holds a newer one"), result.stderr)
        XCTAssertEqual(bearer(of: result.stdout), fromLogin["access_token"] as? String, "the login's access token is used")
        XCTAssertEqual(try storedRefreshToken(), fromLogin["refresh_token"] as? String, "the login's pair is kept as it is")
        XCTAssertEqual(try server.counter("refresh_rejections"), 1)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0, "the session goes on")
    }
}
