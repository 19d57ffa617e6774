import Foundation
import XCTest

/// Identity providers as they are: each departure from the RFCs that a real server showed, played
/// by the development server (ProviderQuirks, faults), and what authhelper does about it.
final class ProviderQuirksTests: IntegrationTestCase {
    let curlBrowser = ["BROWSER": "curl -fsS -o /dev/null -L"]

    /// Restarts the development server with `arguments`.
    func restartServer(_ arguments: [String]) throws {
        server.stop()
        server = try DevServerProcess(arguments)
    }

    func passwordLogin(_ extra: [String] = [], stdin: String = "demo-password\n") throws -> ProcessResult {
        try session.authhelper(
            ["login", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin"] + extra, stdin: stdin)
    }

    func browserLogin(_ extra: [String] = []) throws -> ProcessResult {
        try session.authhelper(["login", "--browser", "--issuer", server.url, "--client-id", "cli"] + extra, environment: curlBrowser)
    }

    // MARK: 1. Error answers without an RFC 6749 body

    func testARefusedLoginWithoutABodyExits77NamingTheStatusAndSuggestingAScope() throws {
        // A bare 400 or 403 is tried once more without client_id (Glewlwyd's way for a public
        // client): both tries are refused here.
        for status in [400, 401, 403] {
            try server.addFault(target: "login", kind: "bare:\(status)", count: status == 401 ? 1 : 2)
            assertFails(try passwordLogin(), status: 77, naming: "HTTP \(status)", "refused the credentials or the request", "--scope")
        }
        try server.addFault(target: "login", kind: "bare:403", count: 2)
        let withScope = try passwordLogin(["--scope", "read"])
        assertFails(withScope, status: 77, naming: "HTTP 403")
        XCTAssertFalse(withScope.stderr.contains("--scope"), "a scope was given: no hint")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "nothing was stored")
    }

    func testARefreshRefusedWithoutABodyEndsTheSessionOn400AndKeepsItOn403() throws {
        XCTAssertEqual(try passwordLogin().status, 0)
        try server.addFault(target: "refresh", kind: "bare:403", count: 1)
        assertFails(try session.authhelper(["refresh"]), status: 77, naming: "HTTP 403", "the session was kept")
        XCTAssertEqual(try session.authhelper(["status"]).status, 0, "403: still logged in")

        try server.addFault(target: "refresh", kind: "bare:400", count: 1)
        assertFails(try session.authhelper(["refresh"]), status: 77, naming: "HTTP 400", "authhelper login")
        let status = try session.authhelper(["status"])
        assertFails(status, status: 77, naming: "Not logged in")
        assertFails(try session.authhelper(["header"]), status: 77, naming: "Not logged in")
    }

    /// Deployed servers answer a refresh token they no longer have (expired and purged, its
    /// server-side session deleted) with 400 invalid_request: the session has ended.
    func testARefreshAnsweredInvalidRequestEndsTheSessionAsAnEmpty400Does() throws {
        XCTAssertEqual(try passwordLogin().status, 0)
        try server.addFault(target: "refresh", kind: "oauth:invalid_request", count: 1)
        let refresh = try session.authhelper(["refresh"])
        assertFails(refresh, status: 77, naming: "invalid_request", "authhelper login")
        XCTAssertFalse(refresh.stderr.contains("the session was kept"), refresh.stderr)
        assertFails(try session.authhelper(["status"]), status: 77, naming: "Not logged in")
    }

    /// unauthorized_client at a password login: this client may not use the password grant.
    func testUnauthorizedClientAtAPasswordLoginNamesTheDeviceAndBrowserLogins() throws {
        try server.addFault(target: "login", kind: "oauth:unauthorized_client", count: 1)
        let refused = try passwordLogin()
        assertFails(refused, status: 77, naming: "unauthorized_client", "with a password", "--device", "--browser")
        XCTAssertFalse(refused.stderr.contains("client secret"), refused.stderr)
    }

    /// A server without a revocation endpoint (the seed API): logout says the refresh token stays
    /// valid there until it expires, not only "Logged out".
    func testLogoutSaysWhenTheServerHasNoRevocationEndpoint() throws {
        try login()
        let logout = try session.authhelper(["logout"])
        XCTAssertEqual(logout.status, 0, logout.stderr)
        XCTAssertTrue(logout.stderr.contains("has no revocation endpoint"), logout.stderr)
        XCTAssertTrue(logout.stderr.contains("stays valid there until it expires"), logout.stderr)
    }

    func testAnOAuthErrorAnsweredWithHTTP200IsReadAsThatError() throws {
        try server.addFault(target: "login", kind: "ok-error:invalid_grant", count: 1)
        assertFails(try passwordLogin(), status: 77, naming: "invalid_grant")
        // Device polling answered "still pending" with HTTP 200: polling goes on until approved.
        try server.addFault(target: "device-poll", kind: "ok-error:authorization_pending", count: 1)
        let device = try session.authhelper(["login", "--device", "--issuer", server.url, "--client-id", "cli"])
        XCTAssertEqual(device.status, 0, device.stderr)
        XCTAssertEqual(try server.counter("device_polls"), 2)
    }

    func testExpiresInGivenAsAStringOfDigitsIsAccepted() throws {
        try restartServer(["--expires-in-as-string", "--access-ttl", "3600"])
        XCTAssertEqual(try passwordLogin().status, 0)
        let status = try session.authhelper(["status"])
        XCTAssertTrue(status.stdout.contains("(59m") || status.stdout.contains("(1h 0m"), status.stdout)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
    }

    // MARK: 3. nonce

    func testANonceIsSentWithOpenIDAndTheIDTokensNonceChecked() throws {
        try restartServer(["--require-nonce"])
        assertFails(try browserLogin(), status: 77, naming: "nonce required")
        XCTAssertEqual(try server.counter("nonce_missing"), 1, "without openid in the scope, no nonce is sent")
        XCTAssertEqual(try browserLogin(["--scope", "openid profile"]).status, 0)
        try server.addFault(target: "authorize", kind: "wrong-nonce", count: 1)
        assertFails(try browserLogin(["--scope", "openid"]), status: 77, naming: "another login's nonce")
    }

    // MARK: 4. offline_access

    func testASessionWithoutARefreshTokenSaysHowToGetOneWhenTheServerOffersOfflineAccess() throws {
        try restartServer(["--refresh-only-with-offline-access"])
        let login = try browserLogin(["--scope", "openid"])
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(login.stderr.contains("log in with --scope 'openid offline_access' to keep it"), login.stderr)
        let status = try session.authhelper(["status"])
        XCTAssertTrue(status.stdout.contains("--scope 'openid offline_access'"), status.stdout)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertFalse(config.contains("offline_access\""), "the scope was not added silently: \(config)")

        let kept = try browserLogin(["--scope", "openid offline_access"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertFalse(kept.stderr.contains("offline_access'"), kept.stderr)
        let after = try session.authhelper(["status"])
        XCTAssertTrue(after.stdout.contains("refresh token: held"), after.stdout + after.stderr)
    }

    // MARK: 5. The client authentication a client is registered for

    func testAClientRegisteredForTheBodyIsToldToUseClientAuthPost() throws {
        try restartServer(["--client", "cliP:secret-of-cliP-123456:client_secret_post"])
        let stdin = "demo-password\nsecret-of-cliP-123456\n"
        let basic = try session.authhelper(
            ["login", "--issuer", server.url, "--client-id", "cliP", "--username", "demo", "--password-stdin", "--with-client-secret"],
            stdin: stdin)
        assertFails(basic, status: 75, naming: "client_secret_basic", "--client-auth post")
        XCTAssertEqual(try server.counter("client_auth_failures"), 1)
        let post = try session.authhelper(
            [
                "login", "--issuer", server.url, "--client-id", "cliP", "--username", "demo", "--password-stdin", "--with-client-secret",
                "--client-auth", "post",
            ],
            stdin: stdin)
        XCTAssertEqual(post.status, 0, post.stderr)
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("client_auth = \"post\""))
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0, "the refresh authenticates the same way")
        XCTAssertEqual(try server.counter("client_auth_failures"), 1)
    }

    // MARK: 6. Logout says when the server did not revoke

    func testLogoutSaysWhenTheServerDidNotRevokeTheSession() throws {
        try restartServer(["--revocation", "--client", "cliC:secret-of-cliC-123456:client_secret_basic"])
        XCTAssertEqual(try passwordLogin().status, 0)
        let refused = try session.authhelper(["logout"])
        XCTAssertEqual(refused.status, 0, "the local logout succeeded: \(refused.stderr)")
        XCTAssertTrue(refused.stderr.contains("did not revoke"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("stays valid until it expires"), refused.stderr)
        XCTAssertEqual(try server.counter("revocations_refused"), 2, "refresh token and access token")

        let confidential = try session.authhelper(
            ["login", "--issuer", server.url, "--client-id", "cliC", "--username", "demo", "--password-stdin", "--with-client-secret"],
            stdin: "demo-password\nsecret-of-cliC-123456\n")
        XCTAssertEqual(confidential.status, 0, confidential.stderr)
        let revoked = try session.authhelper(["logout"])
        XCTAssertEqual(revoked.status, 0)
        XCTAssertFalse(revoked.stderr.contains("did not revoke"), revoked.stderr)
        XCTAssertEqual(try server.counter("revocations"), 2)
    }

    // MARK: 7. Who logged in

    func testADeviceLoginLearnsTheUsersNameFromUserinfo() throws {
        try restartServer(["--userinfo"])
        let login = try session.authhelper(["login", "--device", "--issuer", server.url, "--client-id", "cli"])
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(login.stderr.contains(" as demo "), login.stderr)
        XCTAssertEqual(try server.counter("userinfo_requests"), 1)
        XCTAssertTrue(try session.authhelper(["status"]).stdout.contains("username:      demo"))
        XCTAssertNotNil(try storedSession(), "the keyring item is the one labelled and found by the name")
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
    }

    /// A name from userinfo goes through the one printable filter before it is stored or shown:
    /// a bidirectional override or a C1 control never reaches the config or `status` raw.
    func testAUserinfoNameWithControlsIsFilteredBeforeItIsStoredOrShown() throws {
        try restartServer(["--userinfo", "--user", "ev\u{202E}il\u{9B}31m:pw"])
        let login = try session.authhelper(["login", "--device", "--issuer", server.url, "--client-id", "cli"])
        XCTAssertEqual(login.status, 0, login.stderr)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        let status = try session.authhelper(["status"])
        for (what, text) in [("the config", config), ("status", status.stdout + status.stderr), ("login", login.stderr)] {
            XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x9B }, "\(what) holds a raw control: \(text)")
        }
        XCTAssertTrue(status.stdout.contains("ev\\u{202e}il"), status.stdout)
    }

    // MARK: 8. Extra request parameters

    func testExtraParametersAreSentAndRecordedButNeverSecrets() throws {
        XCTAssertEqual(try passwordLogin(["--param", "audience=https://api.example.test"]).status, 0)
        XCTAssertEqual(try server.counter("param_audience"), 1)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("params = [\"audience=https://api.example.test\"]"), config)
        for refused in ["client_secret=x", "api_key=x", "refresh_token=x", "no-equals-sign", "Client_ID=x", "SCOPE=x"] {
            assertFails(try passwordLogin(["--param", refused]), status: 64, naming: "param")
        }
        // Names that steer the flow or carry a request object, in any case, and `resource`,
        // which has its own flag and checks.
        for steering in ["request=eyJ", "request_uri=urn:x", "Response_Mode=form_post", "resource=https://other.example/", "RESOURCE=x"] {
            assertFails(try passwordLogin(["--param", steering]), status: 64, naming: "steers the login flow")
        }
    }
}
