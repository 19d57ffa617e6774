import Foundation
import XCTest

/// `authhelper curl` against hostile arguments and servers: the token goes only to the profile's
/// origins, a retry happens only where it is safe. "Another origin" is always another loopback
/// server (another port): no test sends traffic outside 127.0.0.0/8.
final class CurlTokenScopeIntegrationTests: IntegrationTestCase {
    /// Login hands out access tokens that are already expired (so the first request gets a 401).
    override var serverArguments: [String] { ["--login-access-ttl", "0", "--access-ttl", "3600"] }

    func testAURLOutsideTheProfilesOriginsIsRefusedBeforeAnythingRuns() throws {
        try login()
        let other = try DevServerProcess()
        defer { other.stop() }
        for url in [
            other.url + "/users/me", server.url.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/users/me",
            "http://203.0.113.9/users/me", "https://" + server.url.dropFirst("http://".count) + "/users/me",
        ] {
            let result = try session.authhelper(["curl", "-s", url])
            assertFails(result, status: 64, naming: "also_for")
        }
        XCTAssertEqual(try other.counter("users_me_unauthorized"), 0, "nothing reached the other origin")
        XCTAssertEqual(try server.counter("refreshes"), 0, "no token was even fetched")
    }

    /// curl and `header --url` ask the one rule from a URL to a profile (URLClaim): without
    /// --profile, the profile that claims the URL sends its token, not the default; --profile
    /// narrows, so a named profile that does not claim the URL is refused as before.
    func testTheProfileThatClaimsTheURLSendsItsTokenAndProfileOnlyNarrows() throws {
        let api = try RecordingServerProcess(host: "127.0.0.2")
        defer { api.stop() }
        try login()
        try login(profile: "team")
        try addToProfile("also_for = [\"\(api.url)\"]", profile: "team")
        let team = try XCTUnwrap(try session.authhelper(["token", "--profile", "team"]).stdoutLine)
        let result = try session.authhelper(["curl", "-s", "-o", "/dev/null", api.url + "/x"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try api.requests().last?.authorization, "Bearer \(team)", "team's token, the profile that claims the URL")
        let header = try session.authhelper(["header", "--method", "GET", "--url", api.url + "/x"])
        XCTAssertEqual(header.stdout, "Authorization: Bearer \(team)\n", header.stderr)
        let requests = try api.requests().count
        assertFails(try session.authhelper(["curl", "--profile", "default", "-s", api.url + "/x"]), status: 64, naming: "also_for")
        assertFails(try session.authhelper(["curl", "-s", api.url + "/x"], environment: ["AUTHHELPER_PROFILE": "default"]), status: 64)
        XCTAssertEqual(try api.requests().count, requests, "nothing sent for a profile that does not claim the URL")
        XCTAssertNotEqual(bearer(of: try session.authhelper(["header"]).stdout), team, "the default is still the default")
    }

    /// Each argument list delivered the token to another origin before curl's arguments were read
    /// as curl reads them (issue "Hostile inputs, round three").
    func testArgumentsCurlReadsDifferentlyAreRefusedAndNothingReachesAnotherOrigin() throws {
        try login()
        let other = try RecordingServerProcess(host: "127.0.0.2")
        defer { other.stop() }
        let cases: [([String], String)] = [
            (["--user-a", "-h", other.url + "/x"], "--user-agent"),
            (["--noproxy", "127.0.0.2", "-x", "-h", other.url + "/x"], "also_for"),
            (["-L", "--location-t", server.url + "/redir?to=" + other.url + "/x"], "--location-trusted"),
            (["--url=" + other.url + "/x", server.url + "/users/me"], "--name value"),
            (["--variable", "x=" + other.url, "--expand-url", "{{x}}/x"], "--variable"),
            (
                [
                    "--connect-to", "127.0.0.1:\(URL(string: server.url)!.port!):127.0.0.2:\(URL(string: other.url)!.port!)",
                    server.url + "/users/me",
                ], "--connect-to"
            ),
        ]
        for (arguments, named) in cases {
            let result = try session.authhelper(["curl", "--"] + arguments)
            assertFails(result, status: 64, naming: named)
        }
        XCTAssertEqual(try other.requests().count, 0, "nothing reached the other origin")
        XCTAssertEqual(try server.counter("refreshes"), 0, "no token was even fetched")
    }

    func testACurlrcCannotAddAURL() throws {
        try login()
        let other = try RecordingServerProcess(host: "127.0.0.2")
        defer { other.stop() }
        // curl reads .curlrc from $CURL_HOME, $XDG_CONFIG_HOME and $HOME unless -q comes first.
        let curlHome = session.root.path + "/curl-home"
        try FileManager.default.createDirectory(atPath: curlHome, withIntermediateDirectories: true)
        for folder in [curlHome, session.home, session.root.path + "/config"] {
            try "url = \"\(other.url)/from-curlrc\"\nheader = \"X-From-Curlrc: 1\"\n".write(
                toFile: folder + "/.curlrc", atomically: true, encoding: .utf8)
        }
        let result = try session.authhelper(["curl", "-s", server.url + "/users/me"], environment: ["CURL_HOME": curlHome])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"email\":\"demo\""), result.stdout)
        XCTAssertEqual(try other.requests().count, 0, "the URL in .curlrc was not requested")
    }

    func testHelpAndVersionRunCurlWithoutTheToken() throws {
        let other = try RecordingServerProcess(host: "127.0.0.2")
        defer { other.stop() }
        // Not even logged in: no token is needed for curl to print.
        let version = try session.authhelper(["curl", "--", "--version"])
        XCTAssertEqual(version.status, 0, version.stderr)
        XCTAssertTrue(version.stdout.hasPrefix("curl "), version.stdout)
        try login()
        let help = try session.authhelper(["curl", "--", "-s", "--help", "all", other.url + "/x"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("Usage: curl"), help.stdout)
        XCTAssertEqual(try other.requests().count, 0)
        XCTAssertEqual(try server.counter("refreshes"), 0, "no token was fetched for help")
    }

    func testAlsoForLetsAnotherOriginGetTheTokenButNeverARetry() throws {
        try login()
        let other = try DevServerProcess()
        defer { other.stop() }
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config += "also_for = [\"\(other.url)\"]\n"
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let result = try session.authhelper(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", other.url + "/users/me"])
        XCTAssertEqual(result.stdout, "401", "the other server does not know this token: \(result.stderr)")
        XCTAssertEqual(try other.counter("users_me_unauthorized"), 1, "one request, no retry")
        XCTAssertEqual(try server.counter("refreshes"), 1, "one refresh for the expired login token, none for the other's 401")
        // A login rewrites the config and keeps also_for.
        try login()
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("also_for = [\"\(other.url)\"]"))
    }

    func testA401AfterARedirectIsNotRetried() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let other = try DevServerProcess()
        defer { other.stop() }
        let target = other.url + "/users/me"
        let result = try session.authhelper([
            "curl", "-s", "-L", "-d", "order=1", "-o", "/dev/null", "-w", "%{http_code}", server.url + "/redir?to=" + target,
        ])
        XCTAssertEqual(result.stdout, "401", result.stderr)
        XCTAssertEqual(try server.counter("redirects"), 1, "the POST reached the API once")
        XCTAssertEqual(try server.counter("refreshes"), 1, "only the refresh of the expired login token")
        XCTAssertEqual(try server.counter("refresh_requests"), 1)
    }

    func testBodiesReadFromStdinByAnyNameAreNotReplayed() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let url = server.url + "/echo"
        for body in [
            ["-d", "@/dev/stdin"], ["--data-binary", "@/proc/self/fd/0"], ["--data-urlencode", "x@/dev/fd/0"], ["-T", "/dev/stdin"],
        ] {
            try server.expireAccessTokens()
            let before = max(0, try server.counter("echo_requests"))
            let result = try session.authhelper(
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"] + body + [url], stdin: "payload-from-stdin")
            XCTAssertEqual(result.stdout, "401", "\(body): the first answer is shown, not retried: \(result.stderr)")
            XCTAssertEqual(try server.counter("echo_requests"), before + 1, "\(body) sent once")
            XCTAssertGreaterThan(try server.counter("echo_last_length"), 0, "\(body): the one request had the body")
        }
        XCTAssertEqual(try server.counter("refreshes"), 1, "no refresh was spent on a request that could not be repeated")
    }

    func testABodyFromARegularFileIsReplayedWhole() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0)
        let file = session.home + "/body.json"
        try String(repeating: "x", count: 1000).write(toFile: file, atomically: true, encoding: .utf8)
        try server.expireAccessTokens()
        let result = try session.authhelper(["curl", "-s", "-w", "\n%{http_code}", "--data-binary", "@" + file, server.url + "/echo"])
        XCTAssertTrue(result.stdout.hasSuffix("\n200"), result.stdout + result.stderr)
        XCTAssertEqual(try server.counter("echo_requests"), 2, "the 401, then the retry")
        XCTAssertEqual(try server.counter("echo_last_length"), 1000, "the retry sent the whole body again")
    }

    func testANewlineInTheRuntimeFolderAddsNoCurlOption() throws {
        try login()
        // A runtime folder whose name would end curl's config line and add an option of its own.
        let hostile = session.root.path + "/run\nwrite-out = INJECTED\n#"
        try FileManager.default.createDirectory(atPath: hostile, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let result = try session.authhelper(["curl", "-s", server.url + "/users/me"], environment: ["XDG_RUNTIME_DIR": hostile])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"email\":\"demo\""), result.stdout)
        XCTAssertFalse(result.stdout.contains("INJECTED") || result.stderr.contains("INJECTED"), result.stdout)
    }
}
