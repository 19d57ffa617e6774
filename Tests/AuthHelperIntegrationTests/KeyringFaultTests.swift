import Foundation
import XCTest

/// A locked or vanished keyring fails cleanly and loses nothing.
final class KeyringFaultTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    func testLockedKeyringSaysSoAndKeepsTheSession() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        try session.lockKeyring()
        let started = Date()
        let result = try session.authhelper(["header"])
        assertFails(result, status: 69, naming: "locked")
        XCTAssertFalse(result.stderr.contains("Not logged in"), "a locked keyring is not reported as a missing session")
        XCTAssertLessThan(Date().timeIntervalSince(started), 25, "bounded")
        XCTAssertEqual(try server.counter("refreshes"), 0)
        // Unlocked again (a new daemon unlocks with the password), the same session works.
        session.stopKeyring()
        try session.startKeyring()
        XCTAssertEqual(try storedRefreshToken(), before)
        let healed = try session.authhelper(["header"])
        XCTAssertEqual(healed.status, 0, healed.stderr)
    }

    /// The Secret Service's `Unlock` calls made on the session bus while `body` runs, as
    /// dbus-monitor sees them.
    func unlockRequests(during body: () throws -> Void) throws -> Int {
        let monitor = try ProcessRunner.start(
            "/usr/bin/dbus-monitor",
            [
                "--address", session.busAddress, "type='method_call',interface='org.freedesktop.Secret.Service',member='Unlock'",
            ], environment: session.environment)
        defer { monitor.terminate() }
        try waitUntil("dbus-monitor is listening") { monitor.stdoutSoFar().contains("NameAcquired") }
        try body()
        usleep(300_000)
        return monitor.stdoutSoFar().components(separatedBy: "member=Unlock").count - 1
    }

    /// A locked keyring is only asked to unlock (the desktop's dialog) when a person is at a
    /// terminal; a script without one, or with --no-prompt, gets "locked" at once and no dialog.
    func testLockedKeyringAsksToUnlockOnlyWhenSomeoneIsAtATerminal() throws {
        try login()
        try session.lockKeyring()
        let cacheOff = ["AUTHHELPER_NO_CACHE": "1"]
        var headless: ProcessResult?
        let headlessUnlocks = try unlockRequests { headless = try session.authhelper(["header"], environment: cacheOff) }
        XCTAssertEqual(headless?.status, 69, headless?.stderr ?? "")
        XCTAssertTrue(headless?.stderr.contains("locked") == true, headless?.stderr ?? "")
        XCTAssertEqual(headlessUnlocks, 0, "no unlock dialog without a terminal")

        var env = session.environment.merging(cacheOff) { $1 }
        env["PATH"] = Products.directory + ":/usr/bin:/bin"
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        func runInTerminal(_ command: String) throws -> String {
            let out = session.root.path + "/tty-\(UUID().uuidString)"
            try terminal.type("\(command) >/dev/null 2>&1; echo \"rc=$?\" > \(out)", keys: "Enter")
            var written = ""
            try waitUntil("the command in the terminal finished", seconds: 30) {
                written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
                return !written.isEmpty
            }
            return written
        }
        var noPrompt = ""
        let noPromptUnlocks = try unlockRequests { noPrompt = try runInTerminal("authhelper header --no-prompt") }
        XCTAssertEqual(noPrompt, "rc=69\n")
        XCTAssertEqual(noPromptUnlocks, 0, "--no-prompt: no unlock dialog either")

        var interactive = ""
        let interactiveUnlocks = try unlockRequests { interactive = try runInTerminal("authhelper header") }
        XCTAssertGreaterThan(interactiveUnlocks, 0, "at a terminal the Secret Service is asked to unlock")
        // This keyring has no prompter to show the dialog, so the unlock is dismissed: still 69.
        XCTAssertEqual(interactive, "rc=69\n")
        XCTAssertEqual(try server.counter("refresh_requests"), 0)
    }

    /// A keyring daemon that hangs (frozen with SIGSTOP) cannot freeze a shell command: every
    /// libsecret call is cancelled after 20 s, the command exits 75 and nothing is changed.
    func testHungKeyringIsBoundedAndChangesNothing() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        session.pauseKeyring()
        let started = Date()
        let result = try session.authhelper(["header"], environment: ["AUTHHELPER_NO_CACHE": "1"])
        let waited = Date().timeIntervalSince(started)
        session.resumeKeyring()
        assertFails(result, status: 75, naming: "did not answer within 20 s")
        XCTAssertGreaterThan(waited, 19)
        XCTAssertLessThan(waited, 30, "bounded")
        XCTAssertEqual(try server.counter("refresh_requests"), 0)
        XCTAssertEqual(try storedRefreshToken(), before)
        XCTAssertEqual(
            try session.authhelper(["header"], environment: ["AUTHHELPER_NO_CACHE": "1"]).status, 0,
            "the session works once the daemon answers")
    }

    func testKeyringDaemonKilledLosesNothing() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        session.stopKeyring()
        let result = try session.authhelper(["header"])
        XCTAssertEqual(result.status, 69, result.stderr)
        try session.startKeyring()
        XCTAssertEqual(try storedRefreshToken(), before, "the item survived on disk")
        let healed = try session.authhelper(["header"])
        XCTAssertEqual(healed.status, 0, healed.stderr)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: healed.stdout))), 200)
    }
}
