import Foundation
import XCTest

/// A session's secrets belong to the token endpoint (origin) and client that issued them: a
/// profile re-pointed at another issuer — by `login --issuer`, or by editing the config — never
/// hands them over. Issuer A is a recording server on 127.0.0.1, B one on 127.0.0.2.
final class RepointedProfileTests: IntegrationTestCase {
    let clientSecretA = "client-secret-of-A-0123456789"
    var issuerA: RecordingServerProcess!
    var issuerB: RecordingServerProcess!

    override func setUpWithError() throws {
        try super.setUpWithError()
        issuerA = try RecordingServerProcess(
            host: "127.0.0.1", ["--issuer", "--access-token", "access-from-A-0123456789", "--refresh-token", "refresh-from-A-0123456789"])
        issuerB = try RecordingServerProcess(
            host: "127.0.0.2", ["--issuer", "--access-token", "access-from-B-0123456789", "--refresh-token", "refresh-from-B-0123456789"])
    }

    override func tearDown() {
        issuerA?.stop()
        issuerB?.stop()
        super.tearDown()
    }

    /// What B must never see: A's client secret (also inside a Basic header), A's refresh token.
    var secretsOfA: [String] {
        [clientSecretA, Data("cliA:\(clientSecretA)".utf8).base64EncodedString(), "refresh-from-A-0123456789"]
    }

    func logInAtA() throws {
        let result = try session.authhelper(
            [
                "login", "--profile", "p", "--issuer", issuerA.url, "--client-id", "cliA", "--username", "demo", "--with-client-secret",
                "--password-stdin",
            ],
            stdin: "demo-password\n\(clientSecretA)\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            try issuerA.requests().contains { $0.path == "/token" && $0.authorization?.hasPrefix("Basic ") == true },
            "A got its client's secret")
    }

    func testALoginAtAnotherIssuerSendsItNothingOfTheOldSessionAndRevokesThatAtItsOwnServer() throws {
        try logInAtA()
        let result = try session.authhelper(
            ["login", "--profile", "p", "--issuer", issuerB.url, "--password-stdin"], stdin: "demo-password\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("changes its issuer"), result.stderr)
        XCTAssertTrue(result.stderr.contains(issuerB.url), result.stderr)
        let receivedByB = try issuerB.everythingReceived()
        XCTAssertTrue(receivedByB.contains("grant_type=password"), receivedByB)
        assertNoSecret(receivedByB, secretsOfA, "what B received")
        XCTAssertFalse(try issuerB.requests().contains { $0.path == "/revoke" }, "nothing was revoked at B")
        let revokedAtA = try issuerA.requests().filter { $0.path == "/revoke" }
        XCTAssertTrue(revokedAtA.contains { $0.body.contains("refresh-from-A-0123456789") }, "A's session was revoked at A: \(revokedAtA)")
        let header = try session.authhelper(["header", "--profile", "p"])
        XCTAssertEqual(header.stdoutLine, "Authorization: Bearer access-from-B-0123456789")
    }

    func testAConfigEditedToAnotherTokenEndpointGetsNoRefreshTokenNorARevocation() throws {
        try logInAtA()
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config = config.replacingOccurrences(of: issuerA.url + "/token", with: issuerB.url + "/token")
        config = config.replacingOccurrences(of: issuerA.url + "/revoke", with: issuerB.url + "/revoke")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let refresh = try session.authhelper(["refresh", "--profile", "p"])
        assertFails(refresh, status: 77, naming: "was issued by", issuerA.url, "authhelper login")
        let logout = try session.authhelper(["logout", "--profile", "p"])
        XCTAssertEqual(logout.status, 0, logout.stderr)
        XCTAssertTrue(logout.stderr.contains("not revoked there"), logout.stderr)
        XCTAssertEqual(try issuerB.requests().count, 0, "B received nothing at all")
    }

    /// Item 1 of round four: a revocation endpoint edited onto another origin gets nothing at
    /// logout — no Basic credentials, no refresh token — and logout says so (78 naming the key
    /// and the origin it was bound to), yet removes the local session.
    func testARevocationEndpointEditedAwayIsSentNothingAndLogoutStillRemovesTheSession() throws {
        try logInAtA()
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config = config.replacingOccurrences(of: issuerA.url + "/revoke", with: issuerB.url + "/revoke")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(try session.authhelper(["refresh", "--profile", "p"]).status, 0, "the token endpoint is still A's")
        let logout = try session.authhelper(["logout", "--profile", "p"])
        assertFails(logout, status: 78, naming: "revocation_url", issuerA.url.replacingOccurrences(of: "http://", with: ""), "was not told")
        XCTAssertEqual(try issuerB.requests().count, 0, "B received nothing at all")
        assertFails(try session.authhelper(["status", "--profile", "p"]), status: 77, naming: "Not logged in")
    }

    /// Item 1: a device authorization endpoint edited onto another origin gets no stored client
    /// secret: the device login is refused before anything is sent.
    func testADeviceAuthorizationEndpointEditedAwayGetsNoClientSecret() throws {
        // A profile with an explicit token endpoint (no issuer to rediscover the others from).
        let login = try session.authhelper(
            [
                "login", "--profile", "p", "--server", issuerA.url, "--token-url", issuerA.url + "/token", "--client-id", "cliA",
                "--username", "demo",
                "--with-client-secret", "--password-stdin",
            ],
            stdin: "demo-password\n\(clientSecretA)\n")
        XCTAssertEqual(login.status, 0, login.stderr)
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config = config.replacingOccurrences(
            of: "[profiles.p]\n", with: "[profiles.p]\ndevice_authorization_url = \"\(issuerB.url)/device\"\n")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let device = try session.authhelper(["login", "--profile", "p", "--device"])
        assertFails(device, status: 78, naming: "device_authorization_url", "bound to")
        assertNoSecret(try issuerB.everythingReceived(), secretsOfA, "what B received")
        XCTAssertEqual(try issuerB.requests().count, 0, "B received nothing at all")
        // Where it was bound, the same login goes ahead with the stored secret.
        config = config.replacingOccurrences(of: issuerB.url + "/device", with: issuerA.url + "/device")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let atA = try session.authhelper(["login", "--profile", "p", "--device"])
        XCTAssertEqual(atA.status, 0, atA.stderr)
        XCTAssertTrue(try issuerA.requests().contains { $0.path == "/device" && $0.authorization?.hasPrefix("Basic ") == true })
    }
}
