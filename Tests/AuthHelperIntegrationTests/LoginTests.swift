import Foundation
import XCTest

/// `login`: what it sends, where it keeps what it gets, and what it refuses.
final class LoginTests: IntegrationTestCase {
    /// A password that breaks naive form encoding: & = + % ; spaces and non-ASCII.
    static let hardPassword = "p&ss=wo+rd%20; spaced out ünïcödé ✓"

    override var serverArguments: [String] {
        ["--user", "demo:demo-password", "--user", "tricky:\(Self.hardPassword)", "--user", "alice:alice", "--user", "bob:http"]
    }

    func testLoginStoresRefreshTokenInKeyringAndProfileInConfig() throws {
        let result = try login()
        XCTAssertEqual(result.stdout, "", "login prints nothing on stdout")
        XCTAssertTrue(result.stderr.contains("Logged in to \(server.url) as demo"), result.stderr)

        let stored = try XCTUnwrap(storedSession(), "the keyring holds an item for the profile")
        let refresh = try XCTUnwrap(stored["refresh_token"] as? String)
        let access = try XCTUnwrap(stored["access_token"] as? String)
        XCTAssertNotNil(stored["access_token_expires_at"] as? Int)

        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("server = \"\(server.url)\""))
        XCTAssertTrue(config.contains("username = \"demo\""))
        XCTAssertTrue(config.contains("default_profile = \"default\""))
        assertNoSecret(config, [refresh, access, "demo-password"], "config file")
        XCTAssertEqual(mode(of: session.configFile), 0o600)
        XCTAssertEqual(mode(of: (session.configFile as NSString).deletingLastPathComponent), 0o700)

        // The runtime cache holds the access token, never the refresh token.
        let cache = try String(contentsOfFile: session.cacheDirectory + "/default", encoding: .utf8)
        XCTAssertTrue(cache.contains(access))
        assertNoSecret(cache, [refresh], "runtime cache")
        XCTAssertEqual(mode(of: session.cacheDirectory + "/default"), 0o600)
        XCTAssertEqual(mode(of: session.cacheDirectory), 0o700)
        XCTAssertEqual(try server.counter("logins"), 1)
    }

    func testKeyringItemHasReadableLabelAndPublicAttributesOnly() throws {
        try login()
        let result = try ProcessRunner.run(
            "/usr/bin/secret-tool", ["search", "--all", "profile", "default"], environment: session.environment)
        let listing = result.stdout + result.stderr
        XCTAssertTrue(listing.contains("label = authhelper: demo on \(server.url)"), listing)
        XCTAssertTrue(listing.contains("schema = io.github.authhelper.Profile"), listing)
        XCTAssertTrue(listing.contains("attribute.server = \(server.url)"), listing)
        XCTAssertTrue(listing.contains("attribute.username = demo"), listing)
        let refresh = try XCTUnwrap(storedRefreshToken())
        let attributes = listing.split(separator: "\n").filter { $0.hasPrefix("attribute.") || $0.hasPrefix("label") }.joined()
        assertNoSecret(attributes, [refresh], "keyring attributes")
    }

    /// Redacting by value would give these passwords away ("as [redacted]" for a password that
    /// is the user name): they are never formatted into a message, so nothing is masked.
    func testAPasswordThatIsAnOrdinaryWordIsNotGivenAwayByRedaction() throws {
        for (user, password) in [("alice", "alice"), ("bob", "http")] {
            let result = try session.authhelper(
                ["login", "-v", "--profile", user, "--server", server.url, "--username", user, "--password-stdin"], stdin: password + "\n")
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertFalse(result.stderr.contains("[redacted]"), "no word of the messages is masked: \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("as \(user)"), result.stderr)
            XCTAssertTrue(result.stderr.contains("http://127.0.0.1"), result.stderr)
            let refresh = try session.authhelper(["refresh", "-v", "--profile", user])
            XCTAssertEqual(refresh.status, 0, refresh.stderr)
            XCTAssertFalse(refresh.stderr.contains("[redacted]") && refresh.stderr.contains("http://[redacted]"), refresh.stderr)
        }
    }

    func testPasswordWithReservedAndNonASCIICharactersIsEncodedIntact() throws {
        let result = try session.authhelper(
            ["login", "--server", server.url, "--username", "tricky", "--password-stdin"],
            stdin: Self.hardPassword + "\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try server.counter("logins"), 1)
        XCTAssertEqual(try server.counter("login_failures"), 0)
    }

    func testClientIDScopeAndClientSecretAreSent() throws {
        let result = try session.authhelper(
            [
                "login", "--server", server.url, "--username", "demo", "--client-id", "9221ffc9-640f", "--scope", "read write",
                "--password-stdin", "--with-client-secret",
            ],
            stdin: "demo-password\nclient-secret-value\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let last = try XCTUnwrap(server.stats()["last_login"] as? [String: String])
        XCTAssertEqual(last["client_id"], "9221ffc9-640f")
        XCTAssertEqual(last["scope"], "read write")
        XCTAssertEqual(last["client_secret_length"], String("client-secret-value".count))
        // The client secret is kept in the keyring item, never in the config.
        XCTAssertEqual(try storedSession()?["client_secret"] as? String, "client-secret-value")
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertFalse(config.contains("client-secret-value"))
        XCTAssertTrue(config.contains("client_id = \"9221ffc9-640f\""))
    }

    func testWrongPasswordExits77AndStoresNothing() throws {
        let result = try session.authhelper(["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "wrong\n")
        assertFails(result, status: 77, naming: "LOGIN_BAD_CREDENTIALS")
        XCTAssertNil(try storedSession())
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile))
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"))
    }

    func testWrongPasswordKeepsAnExistingSession() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        let result = try session.authhelper(["login", "--password-stdin"], stdin: "wrong\n")
        XCTAssertEqual(result.status, 77)
        XCTAssertEqual(try storedRefreshToken(), before, "a failed login leaves the stored session alone")
        XCTAssertEqual(try session.authhelper(["token"]).status, 0)
    }

    func testServerDownExits69() throws {
        server.stop()
        let result = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
        assertFails(result, status: 69, naming: "Cannot connect")
    }

    /// A profile that asks for the Secret Service (store = "keyring") where none answers: 69 before
    /// the password is sent. (Without a store asked for, `auto` takes the kernel keyring instead:
    /// KernelKeyringTests.)
    func testNoSecretServiceExits69BeforeSendingThePassword() throws {
        let result = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin"],
            stdin: "demo-password\n",
            environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(session.root.path)/no-such-bus", "AUTHHELPER_STORE": "keyring"])
        assertFails(result, status: 69, naming: "No Secret Service")
        XCTAssertTrue(result.stderr.contains("AUTHHELPER_STORE=kernel"), "the one fix without a desktop: \(result.stderr)")
        XCTAssertEqual(try server.counter("logins") + server.counter("login_failures"), 0, "the password was never sent")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile))
    }

    func testMalformedAndInsecureServerURLsExit64BeforeAnyNetworkUse() throws {
        for url in ["not a url", "ftp://example.com", "https://user:pw@example.com", "http://example.com", "https://example.com:99999"] {
            let result = try session.authhelper(
                ["login", "--server", url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
            XCTAssertEqual(result.status, 64, "\(url): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("pw@"), "userinfo is not echoed")
        }
        XCTAssertEqual(try server.counter("logins") + server.counter("login_failures"), 0)
    }

    func testUsernameWithNewlineIsRefused() throws {
        let result = try session.authhelper(["login", "--server", server.url, "--username", "de\nmo", "--password-stdin"], stdin: "x\n")
        assertFails(result, status: 64, naming: "control character")
    }

    func testLoginWithoutTerminalOrStdinPasswordIsAUsageError() throws {
        let result = try session.authhelper(["login", "--server", server.url, "--username", "demo"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertEqual(try server.counter("logins") + server.counter("login_failures"), 0)
    }

    func testPasswordIsNeverAcceptedAsAFlag() throws {
        let result = try session.authhelper(["login", "--server", server.url, "--username", "demo", "--password", "demo-password"])
        XCTAssertEqual(result.status, 64)
    }

    func testSecondProfileDoesNotChangeTheDefault() throws {
        try login()
        try login(profile: "second")
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("default_profile = \"default\""))
        XCTAssertTrue(config.contains("[profiles.second]"))
        XCTAssertNotNil(try storedSession(profile: "second"))
        XCTAssertNotEqual(try storedRefreshToken(profile: "second"), try storedRefreshToken())
    }

    /// The interactive login asks for a server URL; one that answers OAuth 2.0 / OpenID Connect
    /// discovery is an issuer, and the login offers to log in to it as one (a client ID), before
    /// any password is asked.
    func testTheInteractiveLoginOffersToLogInToAnIssuerItIsGiven() throws {
        var env = session.environment
        env["PATH"] = Products.directory + ":/usr/bin:/bin"
        env["TERM"] = "xterm"
        let out = session.root.path + "/login.out"
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        try terminal.type("authhelper login; echo \"rc=$?\" > \(out)", keys: "Enter")
        XCTAssertTrue(try terminal.waitFor("Server URL for profile").contains("Server URL"))
        try terminal.type(server.url, keys: "Enter")
        let offer = try terminal.waitFor("Client ID to log in to the issuer with")
        XCTAssertTrue(offer.contains("is an OAuth 2.0 / OpenID Connect issuer"), offer)
        XCTAssertFalse(offer.contains("Password"), "the offer comes before any password: \(offer)")
        try terminal.type("cli", keys: "Enter")
        XCTAssertTrue(try terminal.waitFor("Username on").contains("Username on"))
        try terminal.type("demo", keys: "Enter")
        XCTAssertTrue(try terminal.waitFor("Password for demo").contains("Password for demo"))
        try terminal.type("demo-password", keys: "Enter")
        var written = ""
        for _ in 0..<100 where written.isEmpty {
            usleep(100_000)
            written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        }
        let screen = try terminal.screen()
        XCTAssertEqual(written, "rc=0\n", screen)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("issuer = \"\(server.url)\""), config)
        XCTAssertTrue(config.contains("client_id = \"cli\""), config)
        XCTAssertEqual(try server.counter("logins"), 1, "one login, with the password typed once")
    }
}
