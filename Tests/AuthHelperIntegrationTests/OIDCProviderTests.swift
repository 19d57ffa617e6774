import Foundation
import XCTest

/// A second real OpenID Connect server, django-oidc-provider (Tests/Servers/oidc_provider_server.py,
/// pinned), which differs from django-oauth-toolkit where identity providers differ: a wrong
/// password is 403 `access_denied`, redirect URIs are matched byte for byte (one registered port),
/// refresh tokens are deleted when spent, the id_token carries the nonce. The person logs in on its
/// own login page (Tests/Servers/oidc_person.py, started as $BROWSER).
final class OIDCProviderTests: IntegrationTestCase {
    var provider: PythonServerProcess!
    var redirectPort: UInt16 = 0

    var issuer: String { provider.url + "/openid" }
    var person: [String: String] {
        ["BROWSER": "\(PythonServerProcess.python) \(repositoryRoot)/Tests/Servers/oidc_person.py"]
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        redirectPort = LoopbackPort.free()
        provider = try PythonServerProcess(script: "oidc_provider_server.py", ["--redirect-port", "\(redirectPort)"])
    }

    override func tearDown() {
        provider?.stop()
        super.tearDown()
    }

    func passwordLogin(password: String = "demo-password") throws -> ProcessResult {
        try session.authhelper(
            ["login", "--issuer", issuer, "--client-id", "password-client", "--username", "demo", "--password-stdin"],
            stdin: password + "\n")
    }

    func browserLogin(_ extra: [String] = []) throws -> ProcessResult {
        try session.authhelper(
            ["login", "--browser", "--issuer", issuer, "--client-id", "browser-client", "--scope", "openid profile email"] + extra,
            environment: person)
    }

    func testAPasswordLoginRefreshesWithOneUseTokensAndAWrongPasswordIs77() throws {
        assertFails(try passwordLogin(password: "wrong"), status: 77, naming: "access_denied")
        XCTAssertEqual(try provider.counter("password_access_denied"), 1, "this server answers 403 access_denied")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile))

        XCTAssertEqual(try passwordLogin().status, 0)
        let first = try XCTUnwrap(try session.keyringSecret(profile: "default", server: provider.url, username: "demo"))
        for _ in 0..<2 { XCTAssertEqual(try session.authhelper(["refresh"]).status, 0) }
        XCTAssertEqual(try provider.counter("refresh_token_granted"), 2)
        let header = try session.authhelper(["header"])
        XCTAssertEqual(try provider.status(of: "/openid/userinfo", token: bearer(of: header.stdout) ?? ""), 200)
        // The first session's refresh token was spent: the server no longer knows it.
        let spent = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])?["refresh_token"] as? String)
        let reuse = try ProcessRunner.run(
            "/usr/bin/curl",
            [
                "-q", "-s", "-d", "grant_type=refresh_token", "-d", "client_id=password-client", "-d", "refresh_token=\(spent)",
                issuer + "/token",
            ],
            environment: [:])
        XCTAssertTrue(reuse.stdout.contains("invalid_grant"), reuse.stdout)
    }

    func testABrowserLoginOnTheRegisteredPortSendsANonceAndLearnsWhoLoggedIn() throws {
        for attempt in 1...3 {
            let result = try browserLogin(["--redirect-port", "\(redirectPort)"])
            XCTAssertEqual(result.status, 0, "login \(attempt) on the one registered port: \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(" as demo "), result.stderr)
        }
        XCTAssertEqual(try provider.counter("authorization_code_granted"), 3)
        let authorizeRequests = try provider.counter("authorize_requests")
        XCTAssertGreaterThanOrEqual(authorizeRequests, 3)
        XCTAssertEqual(try provider.counter("authorize_with_nonce"), authorizeRequests, "scope openid: every request carried a nonce")
        XCTAssertEqual(try provider.counter("userinfo_200"), 1, "asked once, by the login that had no name yet")
        XCTAssertTrue(try session.authhelper(["status"]).stdout.contains("username:      demo"))
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
    }

    func testAnotherRedirectPortIsNeverAnsweredByAServerThatMatchesExactly() throws {
        let result = try browserLogin(["--browser-timeout", "3"])
        assertFails(result, status: 75, naming: "within 3 s")
        XCTAssertEqual(try provider.counter("authorization_code_requests"), 0, "no code came back")
    }
}
