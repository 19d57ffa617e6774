import Foundation
import XCTest

/// An ended session (refresh token rejected) in an interactive shell asks for the password on
/// the terminal and carries on; without a terminal, or with --no-prompt, it exits 77.
final class ReloginTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    func spendStoredRefreshToken() throws {
        try spend(try XCTUnwrap(storedRefreshToken()))
    }

    func testInteractiveShellIsAskedForThePasswordAndContinues() throws {
        try login()
        try spendStoredRefreshToken()
        var env = session.environment
        env["PATH"] = Products.directory + ":/usr/bin:/bin"
        env["TERM"] = "xterm"
        let out = session.root.path + "/header.out"
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        try terminal.type("H=$(authhelper header); echo \"rc=$?\" > \(out); printf %s \"$H\" >> \(out)", keys: "Enter")
        let prompt = try terminal.waitFor("Password for demo on")
        XCTAssertTrue(prompt.contains("Password for demo on \(server.url)"), prompt)
        try terminal.type("demo-password", keys: "Enter")
        var written = ""
        for _ in 0..<100 where !written.contains("Bearer") {
            usleep(100_000)
            written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        }
        XCTAssertTrue(written.hasPrefix("rc=0\nAuthorization: Bearer "), written)
        XCTAssertFalse(try terminal.screen().contains("demo-password"), "the password was not echoed")
        XCTAssertEqual(try server.counter("logins"), 2, "the session was renewed by a login")
        XCTAssertEqual(
            try storedSession()?["access_token"] as? String, bearer(of: String(written.dropFirst(5))), "the printed token is the stored one"
        )
        // This server issues login tokens already expired; the renewed refresh token now works.
        let next = try session.authhelper(["header"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: next.stdout))), 200)
    }

    func testWithoutATerminalOrWithNoPromptItExits77() throws {
        try login()
        try spendStoredRefreshToken()
        let headless = try session.authhelper(["header"])
        XCTAssertEqual(headless.status, 77, headless.stderr)
        XCTAssertTrue(headless.stderr.contains("authhelper login"))

        var env = session.environment
        env["PATH"] = Products.directory + ":/usr/bin:/bin"
        let out = session.root.path + "/noprompt.out"
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        try terminal.type("AUTHHELPER_NO_PROMPT=1 authhelper header; echo \"rc=$?\" > \(out)", keys: "Enter")
        var written = ""
        for _ in 0..<100 where written.isEmpty {
            usleep(100_000)
            written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        }
        XCTAssertEqual(written, "rc=77\n")
        XCTAssertFalse(try terminal.screen().contains("Password for"))
        XCTAssertEqual(try server.counter("logins"), 1)
    }
}
