import Foundation
import XCTest

/// authhelper against a real OAuth 2.0 server: django-oauth-toolkit with refresh-token rotation
/// and reuse protection, a confidential and a public password-grant client, revocation,
/// introspection and both discovery documents (Tests/Servers/dot_server.py).
final class DjangoOAuthToolkitPasswordLoginTests: IntegrationTestCase {
    var dot: PythonServerProcess!

    /// Arguments for dot_server.py; override per test with `startDOT`.
    func startDOT(_ arguments: [String] = []) throws {
        dot?.stop()
        dot = try PythonServerProcess(script: "dot_server.py", arguments)
    }

    override func tearDown() {
        dot?.stop()
        super.tearDown()
    }

    var issuer: String { dot.url + "/o" }

    @discardableResult
    func loginPublic(profile: String = "default", extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws
        -> ProcessResult
    {
        let result = try session.authhelper(
            [
                "login", "-v", "--profile", profile, "--issuer", issuer, "--client-id", "public-client", "--username", "demo",
                "--password-stdin",
            ] + extra,
            stdin: "demo-password\n")
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result
    }

    func storedDocument(profile: String = "default") throws -> [String: Any]? {
        guard let text = try session.keyringSecret(profile: profile, server: dot.url, username: "demo") else { return nil }
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    func storedRefresh(profile: String = "default") throws -> String? { try storedDocument(profile: profile)?["refresh_token"] as? String }

    func config() throws -> String { try String(contentsOfFile: session.configFile, encoding: .utf8) }

    // MARK: Discovery

    func testDiscoveryReadsRFC8414MetadataAndRecordsTheEndpoints() throws {
        try startDOT(["--metadata", "rfc8414"])
        let result = try loginPublic()
        XCTAssertTrue(
            result.stderr.contains("GET \(dot.url)/.well-known/oauth-authorization-server/o"),
            "RFC 8414 §3: inserted between host and path: \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("openid-configuration"), "the first document answered")
        let text = try config()
        for line in [
            "issuer = \"\(issuer)\"", "token_url = \"\(issuer)/token/\"", "revocation_url = \"\(issuer)/revoke_token/\"",
            "authorization_url = \"\(issuer)/authorize/\"",
            "token_endpoint_auth_methods = [\"client_secret_post\", \"client_secret_basic\"]",
            "server = \"\(dot.url)\"",
        ] {
            XCTAssertTrue(text.contains(line), "config holds \(line):\n\(text)")
        }
        XCTAssertFalse(text.contains("demo-password"))
    }

    func testDiscoveryFallsBackToOpenIDConnect() throws {
        try startDOT(["--metadata", "oidc"])
        let result = try loginPublic()
        XCTAssertTrue(result.stderr.contains("/.well-known/oauth-authorization-server/o"), result.stderr)
        XCTAssertTrue(result.stderr.contains("GET \(issuer)/.well-known/openid-configuration"), result.stderr)
        let text = try config()
        XCTAssertTrue(text.contains("token_url = \"\(issuer)/token/\""), text)
        XCTAssertFalse(text.contains("revocation_url"), "DOT's OpenID document names no revocation endpoint")
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
    }

    func testARecordedEndpointThatAnswers404IsRediscoveredOnce() throws {
        try startDOT()
        try loginPublic()
        // The server "moved" its token endpoint: the recorded one now answers 404.
        let moved = try config().replacingOccurrences(of: "token_url = \"\(issuer)/token/\"", with: "token_url = \"\(issuer)/old-token/\"")
        try moved.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let result = try session.authhelper(["refresh", "-v"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("answered 404; the issuer now names \(issuer)/token/"), result.stderr)
        XCTAssertTrue(try config().contains("token_url = \"\(issuer)/token/\""), "the rediscovered endpoint is recorded")
        XCTAssertEqual(try dot.counter("refresh_token_granted"), 1)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
    }

    func testAnIssuerThatIsNotTheOneAskedForIsRefused() throws {
        // The server's OpenID document claims to be another issuer: its endpoints are not used.
        try startDOT(["--metadata", "oidc", "--claimed-issuer", "https://login.example.com/o"])
        let result = try session.authhelper(
            ["login", "--issuer", issuer, "--client-id", "public-client", "--username", "demo", "--password-stdin"],
            stdin: "demo-password\n")
        assertFails(result, status: 65, naming: "https://login.example.com/o", "not \(issuer)")
        XCTAssertEqual(try dot.counter("password_requests"), 0, "no password was sent")
        XCTAssertNil(try storedDocument())
    }

    func testExplicitEndpointsWorkWithoutDiscovery() throws {
        try startDOT(["--metadata", "oidc"])
        let result = try session.authhelper(
            [
                "login", "-v", "--server", dot.url, "--token-url", issuer + "/token/", "--client-id", "public-client", "--username", "demo",
                "--password-stdin",
            ],
            stdin: "demo-password\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("GET "), "no discovery: \(result.stderr)")
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try dot.counter("refresh_token_granted"), 1)
    }

    // MARK: Password grant and client authentication

    func testPasswordLoginWithEachClientAuthenticationMethod() throws {
        try startDOT()
        // none: a public client sends its client_id in the body.
        XCTAssertTrue(try loginPublic(profile: "public").stderr.contains("client authentication: none"))
        // client_secret_basic, the default when a secret is stored.
        let basic = try session.authhelper(
            [
                "login", "-v", "--profile", "basic", "--issuer", issuer, "--client-id", "confidential-client", "--username", "demo",
                "--password-stdin", "--with-client-secret",
            ], stdin: "demo-password\nconfidential-secret\n")
        XCTAssertEqual(basic.status, 0, basic.stderr)
        XCTAssertTrue(basic.stderr.contains("client authentication: client_secret_basic"), basic.stderr)
        // client_secret_post, for a server that supports only that (explicit endpoints, no discovery).
        try
            (try config() + """

                [profiles.post]
                server = "\(dot.url)"
                username = "demo"
                client_id = "confidential-client"
                token_url = "\(issuer)/token/"
                token_endpoint_auth_methods = ["client_secret_post"]

                """).write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let post = try session.authhelper(
            ["login", "-v", "--profile", "post", "--password-stdin", "--with-client-secret"],
            stdin: "demo-password\nconfidential-secret\n")
        XCTAssertEqual(post.status, 0, post.stderr)
        XCTAssertTrue(post.stderr.contains("client authentication: client_secret_post"), post.stderr)
        for profile in ["public", "basic", "post"] {
            let refresh = try session.authhelper(["refresh", "--profile", profile])
            XCTAssertEqual(refresh.status, 0, "\(profile): \(refresh.stderr)")
        }
        XCTAssertEqual(try dot.counter("password_granted"), 3)
        XCTAssertEqual(try dot.counter("refresh_token_granted"), 3)
        let everything = session.allFiles().map { String(decoding: $0.contents, as: UTF8.self) }.joined()
        XCTAssertFalse(everything.contains("confidential-secret"), "the client secret is in no file (it lives in the keyring)")
    }

    func testAWrongClientSecretExits77NamingTheClientAndLosesNothing() throws {
        try startDOT()
        let login = [
            "login", "--issuer", issuer, "--client-id", "confidential-client", "--username", "demo", "--password-stdin",
            "--with-client-secret",
        ]
        XCTAssertEqual(try session.authhelper(login, stdin: "demo-password\nconfidential-secret\n").status, 0)
        let before = try storedDocument()
        let wrong = try session.authhelper(login, stdin: "demo-password\nnot-the-secret\n")
        assertFails(wrong, status: 77, naming: "client ID 'confidential-client'", "invalid_client")
        XCTAssertEqual(try storedDocument()?["refresh_token"] as? String, before?["refresh_token"] as? String, "the session is untouched")
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0, "and still works")
    }

    // MARK: Refresh

    func testHeaderWorksWithCurlAndRotationPersistsAcrossTwoRefreshes() throws {
        try startDOT()
        try loginPublic()
        let api = try session.shell(#"curl -s -H "$(authhelper header)" "$URL/api/me""#, environment: ["URL": dot.url])
        XCTAssertEqual(api.stdout, #"{"username": "demo"}"#, api.stderr)
        let first = try XCTUnwrap(storedRefresh())
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        let second = try XCTUnwrap(storedRefresh())
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        let third = try XCTUnwrap(storedRefresh())
        XCTAssertEqual(Set([first, second, third]).count, 3, "each refresh rotated the refresh token and the new one was stored")
        XCTAssertEqual(try dot.counter("refresh_token_granted"), 2)
        XCTAssertEqual(try dot.counter("refresh_token_invalid_grant"), 0)
        let token = try session.authhelper(["token"]).stdoutLine
        XCTAssertEqual(try dot.status(of: "/api/me", token: token), 200)
        // The token goes through the curl wrapper to the server's own origin.
        let wrapped = try session.authhelper(["curl", "-s", dot.url + "/api/me"])
        XCTAssertEqual(wrapped.stdout, #"{"username": "demo"}"#, wrapped.stderr)
    }

    func testFiftyConcurrentHeadersOnAnExpiredTokenMakeOneRefreshAndNoReuse() throws {
        try startDOT(["--access-ttl", "6"])
        try loginPublic()
        sleep(7)
        let processes = try (0..<50).map { _ in try ProcessRunner.start(Products.authhelper, ["header"], environment: session.environment) }
        let results = processes.map { $0.wait() }
        let tokens = Set(results.compactMap { bearer(of: $0.stdout) })
        XCTAssertEqual(results.filter { $0.status == 0 }.count, 50, results.map(\.stderr).joined())
        XCTAssertEqual(tokens.count, 1, "all fifty print the one new token")
        XCTAssertEqual(try dot.counter("refresh_token_requests"), 1, "exactly one refresh reached the server")
        XCTAssertEqual(try dot.counter("refresh_token_invalid_grant"), 0, "no reuse detected by the server")
        XCTAssertEqual(try dot.status(of: "/api/me", token: try XCTUnwrap(tokens.first)), 200)
    }

    func testASpentRefreshTokenExits77AndTheSessionIsRemoved() throws {
        try startDOT()
        try loginPublic()
        let refresh = try XCTUnwrap(storedRefresh())
        // Another client spends it (the server rotates and now holds it as used).
        let spend = try ProcessRunner.run(
            "/usr/bin/curl",
            [
                "-s", "-d", "grant_type=refresh_token", "-d", "client_id=public-client", "--data-urlencode", "refresh_token@-",
                issuer + "/token/",
            ],
            environment: [:], stdin: refresh)
        XCTAssertTrue(spend.stdout.contains("access_token"), spend.stdout)
        let result = try session.authhelper(["refresh"])
        assertFails(result, status: 77, naming: "invalid_grant", "authhelper login", "so the session was removed")
        assertFails(try session.authhelper(["status"]), status: 77, naming: "Not logged in")
        XCTAssertEqual(try dot.counter("refresh_token_invalid_grant"), 1, "the server saw the reuse")
    }

    func testANonRotatingServerKeepsTheRefreshTokenAcrossManyRefreshes() throws {
        try startDOT(["--rotation", "off"])
        try loginPublic()
        let refresh = try XCTUnwrap(storedRefresh())
        for round in 1...5 {
            let result = try session.authhelper(["refresh"])
            XCTAssertEqual(result.status, 0, "round \(round): \(result.stderr)")
            XCTAssertEqual(try storedRefresh(), refresh, "an answer without a new refresh token keeps the old one")
        }
        XCTAssertEqual(try dot.counter("refresh_token_granted"), 5)
        XCTAssertEqual(try dot.status(of: "/api/me", token: try session.authhelper(["token"]).stdoutLine), 200)
    }

    // MARK: Revocation

    /// `--server` given an issuer: its /auth/jwt/login is not there, but discovery is — the login
    /// says which kind of server it is and the line to run.
    func testAServerURLThatIsAnIssuerGetsTheIssuerLineToRun() throws {
        try startDOT()
        let result = try session.authhelper(
            ["login", "--server", issuer, "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
        assertFails(result, status: 64, naming: "OAuth 2.0 / OpenID Connect issuer", "authhelper login --issuer \(issuer) --client-id")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "nothing was stored")
        XCTAssertEqual(try dot.counter("passwords_elsewhere"), 0, "the password went to no guessed URL (\(issuer)/auth/jwt/login)")
    }

    func testLogoutRevokesSoTheRefreshTokenNoLongerRefreshes() throws {
        try startDOT()
        try loginPublic()
        let refresh = try XCTUnwrap(storedRefresh())
        let logout = try session.authhelper(["logout", "-v"])
        XCTAssertEqual(logout.status, 0, logout.stderr)
        XCTAssertTrue(logout.stderr.contains("revoked the refresh token and access token"), logout.stderr)
        XCTAssertFalse(logout.stderr.contains("stays valid"), "revoked: nothing more to say: \(logout.stderr)")
        XCTAssertEqual(try dot.counter("revocations_refresh_token"), 1)
        XCTAssertEqual(try dot.counter("revocations_access_token"), 1)
        XCTAssertNil(try storedDocument(), "the local secrets are gone")
        let reuse = try ProcessRunner.run(
            "/usr/bin/curl",
            [
                "-s", "-d", "grant_type=refresh_token", "-d", "client_id=public-client", "--data-urlencode", "refresh_token@-",
                issuer + "/token/",
            ],
            environment: [:], stdin: refresh)
        XCTAssertTrue(reuse.stdout.contains("invalid_grant"), "the revoked refresh token no longer refreshes: \(reuse.stdout)")
    }

    func testLogoutLocalSendsNothingAndAReplacedSessionIsRevoked() throws {
        try startDOT()
        try loginPublic()
        let first = try XCTUnwrap(storedRefresh())
        try loginPublic()
        XCTAssertEqual(try dot.counter("revocations_refresh_token"), 1, "the replaced session's refresh token was revoked")
        XCTAssertNotEqual(try storedRefresh(), first)
        let second = try XCTUnwrap(storedRefresh())
        XCTAssertEqual(try session.authhelper(["logout", "--local"]).status, 0)
        XCTAssertEqual(try dot.counter("revocations_refresh_token"), 1, "--local sent nothing")
        XCTAssertNil(try storedDocument())
        let stillGood = try ProcessRunner.run(
            "/usr/bin/curl",
            [
                "-s", "-d", "grant_type=refresh_token", "-d", "client_id=public-client", "--data-urlencode", "refresh_token@-",
                issuer + "/token/",
            ],
            environment: [:], stdin: second)
        XCTAssertTrue(stillGood.stdout.contains("access_token"), stillGood.stdout)
    }
}
