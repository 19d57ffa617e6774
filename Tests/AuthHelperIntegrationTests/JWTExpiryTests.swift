import Foundation
import XCTest

/// A server that sends no `expires_in` and writes the JWT's `exp` in milliseconds: the `exp` is
/// beyond the one-year bound, so it is ignored as if absent, and every caller gets a token that
/// is refreshed after the call that got it — never a dead token trusted for centuries.
final class JWTExpiryTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--omit-expires-in", "--exp-in-milliseconds", "--access-ttl", "3600"] }

    func testAnExpInMillisecondsIsIgnoredSoEveryConsumerRefreshes() throws {
        try login()
        let header = try session.authhelper(["header"])
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 1, "the login's token had no usable expiry: refreshed")
        let hostPort = server.url.replacingOccurrences(of: "http://", with: "")
        let git = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(hostPort)\n\n")
        XCTAssertEqual(git.status, 0, git.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 2)
        let kube = try session.authhelper(["kube-credential"])
        XCTAssertEqual(kube.status, 0, kube.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 3)
        XCTAssertFalse(kube.stdout.contains("58881") || kube.stdout.contains("\"expirationTimestamp\": \"5"), kube.stdout)
        let status = try session.authhelper(["status"])
        XCTAssertFalse(status.stdout.contains("valid until"), "status does not claim a far future: \(status.stdout)")
        XCTAssertEqual(try server.usersMeStatus(token: XCTUnwrap(bearer(of: header.stdout))), 200)
    }
}
