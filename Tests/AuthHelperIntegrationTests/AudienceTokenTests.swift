import Foundation
import XCTest

/// One login, a token for each API (RFC 8707 resource indicators, a narrower scope on refresh,
/// RFC 6749 §6): each audience cached on its own, all from the profile's one refresh token under
/// its one lock. Against the development server's standard token endpoint, which issues tokens
/// whose `aud` is the resource asked for, refuses unknown ones (invalid_target) and scopes beyond
/// the login's (invalid_scope), and rotates the refresh token on every refresh.
final class AudienceTokenTests: IntegrationTestCase {
    /// A second server, the "files" API: what `authhelper curl` sends its token to.
    var files: DevServerProcess!
    var filesResource: String { files.url + "/" }
    let mail = "https://mail.example.test/"
    let calendar = "https://calendar.example.test/"

    override var serverArguments: [String] {
        ["--resource-server", filesResource, "--resource-server", mail, "--resource-server", calendar]
    }

    override func setUpWithError() throws {
        files = try DevServerProcess()
        try super.setUpWithError()
    }

    override func tearDown() {
        files?.stop()
        super.tearDown()
    }

    func loginOAuth2(extra: [String] = [], environment: [String: String] = [:]) throws {
        try login(extra: ["--token-url", server.url + "/oauth/token", "--client-id", "cli"] + extra, environment: environment)
    }

    /// The claims of a JWT access token.
    func claims(_ token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        XCTAssertEqual(parts.count, 3, token)
        var text = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        let data = try XCTUnwrap(Data(base64Encoded: text))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func token(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try session.authhelper(["token"] + arguments)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result.stdoutLine
    }

    func cacheEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: session.cacheDirectory).filter { $0.hasPrefix("default+") }.sorted()
    }

    func testEachResourceGetsItsOwnCachedTokenFromTheOneSession() throws {
        try loginOAuth2()
        let own = try token([])
        XCTAssertEqual(try claims(own)["aud"] as? String, "fastapi-users:auth")

        let mailToken = try token(["--resource", mail])
        XCTAssertEqual(try claims(mailToken)["aud"] as? String, mail)
        let header = try session.authhelper(["header", "--resource", calendar])
        XCTAssertEqual(header.status, 0, header.stderr)
        let calendarToken = try XCTUnwrap(bearer(of: header.stdout))
        XCTAssertEqual(try claims(calendarToken)["aud"] as? String, calendar)
        let both = try token(["--resource", calendar, "--resource", mail])
        XCTAssertEqual(try claims(both)["aud"] as? [String], [calendar, mail])
        XCTAssertEqual(try server.counter("refreshes"), 3)

        // Warm: each from its own cache entry, the same token again, no refresh; the order of
        // the resources does not make another audience.
        XCTAssertEqual(try token(["--resource", mail]), mailToken)
        XCTAssertEqual(try token(["--resource", mail, "--resource", calendar]), both)
        XCTAssertEqual(try token([]), own, "the profile's own token is not replaced by an audience's")
        XCTAssertEqual(try storedSession()?["access_token"] as? String, own, "nor in the store")
        XCTAssertEqual(try server.counter("refreshes"), 3)
        XCTAssertEqual(try cacheEntries().count, 3)

        // One chain: every refresh spent the newest refresh token, and that is the one stored.
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
        XCTAssertEqual(try server.counter("refresh_rejections"), 0)
        XCTAssertEqual(try storedRefreshToken(), try server.issuedRefreshTokens().last)

        // A narrower scope is an audience of its own.
        let narrow = try token(["--scope", "read"])
        XCTAssertEqual(try claims(narrow)["scope"] as? String, "read")
        XCTAssertEqual(try claims(narrow)["aud"] as? String, "fastapi-users:auth")

        // status lists them (no token), --json too; logout removes every one.
        let status = try session.authhelper(["status"])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("token for:     resource=\(mail): valid until"), status.stdout)
        XCTAssertTrue(status.stdout.contains("token for:     scope=read: valid until"), status.stdout)
        let json = try session.authhelper(["status", "--json"])
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let audiences = try XCTUnwrap(document["audiences"] as? [[String: Any]])
        XCTAssertEqual(Set(audiences.compactMap { $0["audience"] as? String }).count, 4, json.stdout)
        XCTAssertTrue(audiences.allSatisfy { $0["valid"] as? Bool == true })
        for secret in [own, mailToken, calendarToken, narrow] {
            assertNoSecret(status.stdout + json.stdout, [secret], "status")
        }
        XCTAssertEqual(try session.authhelper(["logout", "--local"]).status, 0)
        XCTAssertEqual(try cacheEntries(), [], "logout removes every audience's entry")
    }

    /// A warm call for an audience is as fast as a warm plain one: the front answers it from the
    /// audience's entry (a copy of the front alone proves no authhelper-full ran).
    func testAWarmTokenForAnAudienceIsAnsweredByTheFront() throws {
        try loginOAuth2()
        let both = try token(["--resource", mail, "--resource", calendar, "--scope", "write read"])
        let narrow = try token(["--scope", "read"])
        let lone = session.root.path + "/lone-authhelper"
        try FileManager.default.copyItem(atPath: Products.authhelper, toPath: lone)
        func runLone(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(lone, arguments, environment: session.environment)
        }
        let reordered = try runLone(["token", "--scope", "read  write", "--resource", calendar, "--resource", mail, "--resource", mail])
        XCTAssertEqual(reordered.status, 0, reordered.stderr)
        XCTAssertEqual(reordered.stdoutLine, both)
        XCTAssertEqual(try runLone(["header", "--scope=read"]).stdout, "Authorization: Bearer \(narrow)\n")
        let uncached = try runLone(["token", "--resource", filesResource])
        XCTAssertEqual(uncached.status, 69, "not cached: handed over (and no authhelper-full beside this copy)")
        XCTAssertTrue(uncached.stderr.contains("authhelper-full"), uncached.stderr)
    }

    func testAnUnknownResourceOrAWiderScopeIsRefusedAndTheSessionStays() throws {
        try loginOAuth2()
        let before = try XCTUnwrap(storedRefreshToken())

        let unknown = try session.authhelper(["header", "--resource", "https://unknown.example.test/"])
        assertFails(unknown, status: 64, naming: "https://unknown.example.test/", "invalid_target", "nothing stored was changed")
        XCTAssertEqual(unknown.stdout, "")
        let wider = try session.authhelper(["header", "--scope", "read admin"])
        assertFails(wider, status: 64, naming: "admin read", "invalid_scope")
        XCTAssertEqual(try storedRefreshToken(), before, "nothing was spent or stored")
        XCTAssertEqual(try server.counter("refreshes"), 0)
        XCTAssertEqual(try cacheEntries(), [])
        XCTAssertEqual(try session.authhelper(["header"]).status, 0, "the session stays")

        let malformed = try session.authhelper(["header", "--resource", "files.example.test#top"])
        assertFails(malformed, status: 64, naming: "files.example.test#top", "absolute URI")
        assertFails(try session.authhelper(["header", "--scope", "read\"x"]), status: 64, naming: "scope")

        // The seed API's refresh takes no resource.
        try login(profile: "seed")
        assertFails(
            try session.authhelper(["header", "--profile", "seed", "--resource", mail]), status: 64, naming: "seed API", "OAuth 2.0")
    }

    /// The case: a rotating server, an expired session, 20 callers over 3 resources at
    /// once. The refreshes happen one at a time under the profile's lock, each spending the
    /// refresh token the one before stored: one chain, no reuse; every caller gets its audience.
    func testTwentyCallersOverThreeResourcesOnAnExpiredSessionMakeOneRefreshChain() throws {
        try loginOAuth2()
        try server.expireAccessTokens()
        let resources = [filesResource, mail, calendar]
        let callers = try (0..<20).map { index in
            try ProcessRunner.start(
                Products.authhelper, ["token", "--resource", resources[index % 3]], environment: session.environment)
        }
        for (index, caller) in callers.enumerated() {
            let result = caller.wait()
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try claims(result.stdoutLine)["aud"] as? String, resources[index % 3])
        }
        XCTAssertEqual(try server.counter("refreshes"), 3, "one refresh per audience")
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
        XCTAssertEqual(try server.counter("refresh_rejections"), 0)
        XCTAssertEqual(try storedRefreshToken(), try server.issuedRefreshTokens().last, "the newest refresh token is the one stored")
        // The profile's own token still refreshes from that newest token.
        let own = try session.authhelper(["header", "--min-ttl", "4000"])
        XCTAssertEqual(own.status, 0, own.stderr)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
    }

    func testCurlGitExecAndKubectlUseTheTokenOfTheResourcesOrigin() throws {
        try loginOAuth2(extra: ["--resource", filesResource, "--resource", mail])
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("resources = ["))
        XCTAssertEqual(try server.counter("last_resources"), 2, "the login named both")

        // curl: a URL on the files API's origin gets the files token without being told.
        let curl = try session.authhelper(["curl", "-s", files.url + "/_dev/token-claims"])
        XCTAssertEqual(curl.status, 0, curl.stderr)
        let seen = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(curl.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(seen["aud"] as? String, filesResource)
        // The profile's own server gets the profile's own token (the login's, for both APIs);
        // two APIs in one curl are refused.
        let own = try session.authhelper(["curl", "-s", server.url + "/_dev/token-claims"])
        let ownClaims = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(own.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(ownClaims["aud"] as? [String], [filesResource, mail], own.stdout)
        assertFails(
            try session.authhelper(["curl", "-s", files.url + "/_dev/token-claims", "https://mail.example.test/x"]), status: 64,
            naming: "2 APIs")

        // header --method --url: the header for that request is curl's: the files token for a URL
        // on the files API, nothing for a URL off the profile's origins or in plain http off loopback.
        let header = try session.authhelper(["header", "--method", "GET", "--url", files.url + "/_dev/token-claims"])
        XCTAssertEqual(header.status, 0, header.stderr)
        let headerToken = try XCTUnwrap(bearer(of: header.stdout))
        XCTAssertEqual(try claims(headerToken)["aud"] as? String, filesResource, "the resource's token, as curl sends")
        for (url, reason) in [("http://api.example.test/x", "is none of them"), ("https://elsewhere.example.test/", "is none of them")] {
            let refused = try session.authhelper(["header", "--method", "GET", "--url", url])
            assertFails(refused, status: 64, naming: reason)
            XCTAssertEqual(refused.stdout, "", url)
        }

        // git asks for the files host: the files token.
        let git = try session.shell(
            "printf 'protocol=http\\nhost=%s\\n\\n' \"$HOST\" | authhelper git-credential get",
            environment: ["HOST": String(files.url.dropFirst("http://".count))])
        XCTAssertEqual(git.status, 0, git.stderr)
        let password = try XCTUnwrap(git.stdout.split(separator: "\n").first { $0.hasPrefix("password=") }?.dropFirst("password=".count))
        XCTAssertEqual(try claims(String(password))["aud"] as? String, filesResource)

        // exec and kube-credential take --resource.
        let exec = try session.authhelper(["exec", "--resource", mail, "--", "/bin/sh", "-c", "printf %s \"$AUTHHELPER_TOKEN\""])
        XCTAssertEqual(try claims(exec.stdout)["aud"] as? String, mail)
        let kube = try session.authhelper(["kube-credential", "--resource", mail])
        XCTAssertEqual(kube.status, 0, kube.stderr)
        XCTAssertTrue(kube.stdout.contains(exec.stdout), "the cached mail token")
    }
}
