import Foundation
import XCTest

/// Glewlwyd 2.7, Debian's package, a real OpenID Connect server that is not ours: its refusals,
/// and DPoP (RFC 9449) against it
/// (Tests/Servers/glewlwyd_server.py sets it up through its admin API). Glewlwyd binds tokens to the
/// key at the code exchange (its password grant issues bearer tokens only), checks every proof at
/// the token and userinfo endpoints — signature, `htm`, `htu`, `iat`, `jti` replay, `ath`, the
/// `cnf.jkt` binding on refresh — and with `--nonce` demands a server nonce at both. The person logs
/// in on Glewlwyd's login API (Tests/Servers/glewlwyd_person.py, started as $BROWSER).
final class GlewlwydTests: IntegrationTestCase {
    var glewlwyd: PythonServerProcess!
    var redirectPort: UInt16 = 0

    var issuer: String { glewlwyd.url + "/api/oidc" }
    var userinfo: String { issuer + "/userinfo" }

    func startGlewlwyd(_ extra: [String] = []) throws {
        redirectPort = LoopbackPort.free()
        glewlwyd = try PythonServerProcess(script: "glewlwyd_server.py", ["--redirect-port", "\(redirectPort)"] + extra)
    }

    override func tearDown() {
        glewlwyd?.stop()
        super.tearDown()
    }

    func browserLoginWithDPoP() throws -> ProcessResult {
        try session.authhelper(
            [
                "login", "--browser", "--dpop", "--issuer", issuer, "--client-id", "cli", "--scope", "openid",
                "--redirect-port", "\(redirectPort)", "-v",
            ],
            environment: ["BROWSER": "\(PythonServerProcess.python) \(repositoryRoot)/Tests/Servers/glewlwyd_person.py"])
    }

    /// GET userinfo with these header lines, as a script (or a thief) would send them.
    func userinfoStatus(_ headerLines: [String]) throws -> String {
        try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "@-", userinfo], environment: [:],
            stdin: headerLines.joined(separator: "\n") + "\n"
        ).stdout
    }

    func testABrowserLoginBindsTheTokenAndAStolenOrReplayedOneIsRefused() throws {
        try startGlewlwyd()
        let login = try browserLoginWithDPoP()
        XCTAssertEqual(login.status, 0, login.stderr)
        let status = try session.authhelper(["status", "--json"])
        XCTAssertTrue(status.stdout.contains("\"dpop\" : true") || status.stdout.contains("\"dpop\": true"), status.stdout)

        // curl through authhelper: Glewlwyd's userinfo checks the proof and its ath.
        let curl = try session.authhelper(["curl", "-s", "-f", userinfo])
        XCTAssertEqual(curl.status, 0, curl.stderr)
        XCTAssertTrue(curl.stdout.contains("\"sub\""), curl.stdout)

        // header --method --url: good once; the same proof again, or the token as Bearer, is refused.
        let headers = try session.authhelper(["header", "--method", "GET", "--url", userinfo])
        XCTAssertEqual(headers.status, 0, headers.stderr)
        let lines = headers.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, headers.stdout)
        let token = String(lines[0].dropFirst("Authorization: DPoP ".count))
        XCTAssertEqual(try userinfoStatus(lines), "200", "the token with its proof")
        XCTAssertEqual(try userinfoStatus(lines), "401", "the same proof again is a replay")
        XCTAssertEqual(try userinfoStatus(["Authorization: Bearer \(token)"]), "401", "the token alone, as a thief would use it")
        XCTAssertEqual(try userinfoStatus(["Authorization: DPoP \(token)"]), "401", "the token without a proof")

        // A refresh proves the same key (Glewlwyd refuses a refresh token's use with another), and
        // the new token works with proofs.
        let refresh = try session.authhelper(["refresh"])
        XCTAssertEqual(refresh.status, 0, refresh.stderr)
        let after = try session.authhelper(["curl", "-s", "-f", userinfo])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stdout.contains("\"sub\""), after.stdout)

        // The private key is in the keyring item and in no file or output.
        let item = try ProcessRunner.run(
            "/usr/bin/secret-tool", ["lookup", "profile", "default", "server", glewlwyd.url], environment: session.environment)
        let stored = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(item.stdout.utf8)) as? [String: Any])
        let privateScalar = try XCTUnwrap((stored["dpop_key"] as? String)?.split(separator: ".").first.map(String.init))
        for file in session.allFiles() {
            XCTAssertNil(String(decoding: file.contents, as: UTF8.self).range(of: privateScalar), "\(file.path) holds the private key")
        }
        for (what, result) in [("login", login), ("status", status), ("curl", curl), ("header", headers), ("refresh", refresh)] {
            XCTAssertFalse((result.stdout + result.stderr).contains(privateScalar), "\(what) printed the private key")
        }
    }

    func testANonceDemandingServerGetsOneRetryAtTheTokenEndpointAndAtTheAPI() throws {
        try startGlewlwyd(["--nonce"])
        let login = try browserLoginWithDPoP()
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertEqual(
            login.stderr.components(separatedBy: "asked for a DPoP nonce").count - 1, 1,
            "the code exchange was refused once for want of a nonce and sent once more: \(login.stderr)")

        // The nonce the token endpoint gave is remembered for its origin, which is the API's too.
        let remembered = try session.authhelper(["curl", "-v", "-s", "-f", userinfo])
        XCTAssertEqual(remembered.status, 0, remembered.stderr)
        XCTAssertFalse(remembered.stderr.contains("asked for a DPoP nonce"), remembered.stderr)

        // Without a remembered nonce, the API's 401 use_dpop_nonce gets exactly one retry with it.
        try FileManager.default.removeItem(atPath: session.runtimeDirectory + "/authhelper/.dpop-nonces")
        let asked = try session.authhelper(["curl", "-v", "-s", "-f", userinfo])
        XCTAssertEqual(asked.status, 0, asked.stderr)
        XCTAssertTrue(asked.stdout.contains("\"sub\""), asked.stdout)
        XCTAssertEqual(asked.stderr.components(separatedBy: "the API asked for a DPoP nonce").count - 1, 1, asked.stderr + asked.stdout)
        XCTAssertFalse(asked.stderr.contains("refreshing once"), "a nonce request is not a rejected token: \(asked.stderr)")

        // header --method --url carries the remembered nonce: the server takes it at once.
        let headers = try session.authhelper(["header", "--method", "GET", "--url", userinfo])
        XCTAssertEqual(try userinfoStatus(headers.stdout.split(separator: "\n").map(String.init)), "200")
    }

    /// The values an administrator hands out (issuer, client ID `cli`, user, password) log in the
    /// first time: Glewlwyd takes a public client's password grant only without `client_id`, and
    /// refuses it bare (403) while the form names the client. authhelper tries once without,
    /// records that the server wants it so, and keeps the client ID for the refresh.
    func testAPublicClientsPasswordLoginWorksTheFirstTimeAndTheRefreshKeepsTheClient() throws {
        try startGlewlwyd()
        let login = try session.authhelper(
            ["login", "--issuer", issuer, "--client-id", "cli", "--scope", "openid", "--username", "alice", "--password-stdin"],
            stdin: "alice-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(login.stderr.contains("password_grant_without_client_id = true"), login.stderr)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("password_grant_without_client_id = true"), config)
        XCTAssertTrue(config.contains("client_id = \"cli\""), "the client ID stays the profile's")
        let first = try session.authhelper(["token"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let refreshed = try session.authhelper(["refresh", "-v"])
        XCTAssertEqual(refreshed.status, 0, refreshed.stderr)
        XCTAssertTrue(
            refreshed.stderr.contains("client_id; client authentication: none)"), "the refresh names the client: \(refreshed.stderr)")
        XCTAssertNotEqual(try session.authhelper(["token"]).stdoutLine, first.stdoutLine, "a new token from the refresh")
        // The next login goes without client_id at once; a wrong password is still refused, once.
        let again = try session.authhelper(["login", "--password-stdin", "-v"], stdin: "alice-password\n")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stderr.components(separatedBy: "POST \(issuer)/token").count - 1, 1, again.stderr)
        let wrong = try session.authhelper(["login", "--password-stdin"], stdin: "not-the-password\n")
        assertFails(wrong, status: 77, naming: "username, password")
    }

    /// A newcomer at a terminal with what an administrator hands out (issuer, client ID, user,
    /// password) and no other flag: the first try logs in. Glewlwyd refuses a login without a
    /// scope (bare 400): authhelper offers the scopes it lists (openid), the person takes the
    /// offer, and the login goes on with the password typed once. Then the wizard, the same way.
    func testANewcomerAtATerminalLogsInTheFirstTimeWithTheAdministratorsValuesAndTheWizardToo() throws {
        try startGlewlwyd()
        let out = session.root.path + "/newcomer-rc"
        var env = session.environment
        env["PATH"] = Products.directory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        defer { _ = try? terminal.tmux("kill-server") }
        func finish() throws -> String {
            var written = ""
            for _ in 0..<150 where written.isEmpty {
                usleep(100_000)
                written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            }
            try? FileManager.default.removeItem(atPath: out)
            return written
        }
        try terminal.type("authhelper login --issuer \(issuer) --client-id cli --username alice; echo \"rc=$?\" > \(out)", keys: "Enter")
        XCTAssertTrue(try terminal.waitFor("Password for alice").contains("Password for alice"))
        try terminal.type("alice-password", keys: "Enter")
        let offer = try terminal.waitFor("Scopes to ask for [openid]")
        XCTAssertTrue(offer.contains("it lists the scopes openid"), offer)
        try terminal.type("", keys: "Enter")
        let first = try finish()
        let screen = try terminal.screen()
        XCTAssertEqual(first, "rc=0\n", screen)
        XCTAssertTrue(screen.contains("Logged in to"), screen)
        XCTAssertEqual(try session.authhelper(["token"]).status, 0)
        let recorded = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(recorded.contains("scope = \"openid\""), recorded)

        // The wizard: `authhelper login` alone asks for the rest.
        XCTAssertEqual(try session.authhelper(["logout", "--forget"]).status, 0)
        try terminal.type("clear; authhelper login; echo \"rc=$?\" > \(out)", keys: "Enter")
        XCTAssertTrue(try terminal.waitFor("Server URL for profile").contains("Server URL"))
        try terminal.type(issuer, keys: "Enter")
        _ = try terminal.waitFor("Client ID to log in to the issuer with")
        try terminal.type("cli", keys: "Enter")
        _ = try terminal.waitFor("Username on")
        try terminal.type("alice", keys: "Enter")
        _ = try terminal.waitFor("Password for alice")
        try terminal.type("alice-password", keys: "Enter")
        _ = try terminal.waitFor("Scopes to ask for [openid]")
        try terminal.type("", keys: "Enter")
        let wizard = try finish()
        let wizardScreen = try terminal.screen()
        XCTAssertEqual(wizard, "rc=0\n", wizardScreen)
        XCTAssertEqual(try session.authhelper(["token"]).status, 0)
    }

    func testAPasswordLoginItRefusesForWantOfAScopeNamesTheScopesItLists() throws {
        // Glewlwyd answers a password grant without `scope` with a bare 400; its metadata lists
        // the scopes, so the refusal names them instead of "give --scope".
        try startGlewlwyd()
        let login = try session.authhelper(
            ["login", "--issuer", issuer, "--client-id", "cli", "--username", "alice", "--password-stdin"], stdin: "alice-password\n")
        assertFails(login, status: 77, naming: "The server lists the scopes openid", "--scope 'openid'")
        XCTAssertFalse(login.stderr.contains("give --scope."), login.stderr)
        // The likeliest cause first: the scope, then the credentials (a right password was doubted).
        let scopes = try XCTUnwrap(login.stderr.range(of: "The server lists the scopes"))
        XCTAssertLessThan(scopes.lowerBound, try XCTUnwrap(login.stderr.range(of: "username, password")).lowerBound, login.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "nothing was stored")
    }
}
