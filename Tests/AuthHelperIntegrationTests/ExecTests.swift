import Foundation
import XCTest

/// `authhelper exec`: the token in the program's environment, never in argv; with
/// `--token-file`, a file kept fresh for as long as the program runs.
final class ExecTests: IntegrationTestCase {
    /// Short-lived tokens, so a program can outlive two of them.
    override var serverArguments: [String] { ["--access-ttl", "4"] }

    func testTheTokenIsInTheEnvironmentAndTheStatusIsTheProgramsOwn() throws {
        try login()
        let token = try session.authhelper(["token"]).stdoutLine
        let plain = try session.authhelper(["exec", "--", "/bin/sh", "-c", #"printf '%s' "$AUTHHELPER_TOKEN""#])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(plain.stdout, token)
        let named = try session.authhelper([
            "exec", "--env", "API_TOKEN", "--header-env", "API_HEADER", "/bin/sh", "-c", #"printf '%s|%s' "$API_TOKEN" "$API_HEADER""#,
        ])
        XCTAssertEqual(named.stdout, "\(token)|Authorization: Bearer \(token)", named.stderr)
        XCTAssertEqual(try session.authhelper(["exec", "--", "/bin/sh", "-c", "exit 3"]).status, 3, "the program's exit status")
        // Warm, the front runs the program; with the cache off, authhelper-full does: both replace
        // themselves (the program's parent is whoever started authhelper) and keep the token out of argv.
        for environment in [[:], ["AUTHHELPER_NO_CACHE": "1"]] {
            let parent = try session.authhelper(["exec", "--", "/bin/sh", "-c", #"echo "$PPID""#], environment: environment)
            XCTAssertEqual(parent.stdoutLine, String(getpid()), "\(environment)")
            let argv = try session.authhelper(["exec", "--", "/bin/sh", "-c", "tr '\\0' ' ' < /proc/$$/cmdline"], environment: environment)
            XCTAssertEqual(argv.status, 0, argv.stderr)
            XCTAssertFalse(argv.stdout.contains(token), argv.stdout)
        }
    }

    /// The program runs with the very bytes it was given, UTF-8 or not (they became U+FFFD): a
    /// Latin-1 file name, a byte 0xFF — from the front, from authhelper-full, and with a token file.
    func testArgumentsThatAreNotUTF8ReachTheProgramByteForByte() throws {
        try login()
        XCTAssertEqual(try session.authhelper(["header"]).status, 0, "warm: the front runs the program")
        // A shell makes the arguments (Foundation's Process takes only Strings): 'été' in
        // Latin-1, a lone 0xFF, and a UTF-8 'é' beside them.
        let program = Products.authhelper
        let script =
            #"exec "$0" exec $1 -- /bin/sh -c 'for a; do printf %s "$a" | od -An -tx1; done' sh "#
            + #""$(printf '\351t\351')" "$(printf '\377')" é"#
        for (what, options, environment) in [
            ("the front", "", [String: String]()), ("authhelper-full", "", ["AUTHHELPER_NO_CACHE": "1"]),
            ("a token file", "--token-file", [:]),
        ] {
            let result = try ProcessRunner.run(
                "/bin/sh", ["-c", script, program, options], environment: session.environment.merging(environment) { $1 })
            XCTAssertEqual(result.status, 0, "\(what): \(result.stderr)")
            let bytes = result.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
            XCTAssertEqual(bytes, ["e9 74 e9", "ff", "c3 a9"], "\(what): the program's arguments")
        }
    }

    func testAProgramNotFoundExits127AndOneThatCannotRun126() throws {
        try login()
        assertFails(try session.authhelper(["exec", "--", "no-such-program-here"]), status: 127, naming: "command not found")
        let plainFile = session.home + "/not-executable"
        try "#!/bin/sh\necho hi\n".write(toFile: plainFile, atomically: true, encoding: .utf8)
        chmod(plainFile, 0o644)
        assertFails(try session.authhelper(["exec", "--", plainFile]), status: 126, naming: "cannot run")
        assertFails(
            try session.authhelper(["exec", "--token-file", "--", "no-such-program-here"]), status: 127, naming: "command not found")
        assertFails(try session.authhelper(["exec", "--token-file", "--", plainFile]), status: 126, naming: "cannot run")
    }

    func testTheTokenFileStaysValidForLongerThanTwoTokenLifetimes() throws {
        try login()
        // The program reads the file every half second for ten seconds (two and a half 4 s
        // lifetimes) and asks the server about each token it reads.
        let script = #"""
            for i in $(seq 20); do
              mode=$(stat -c %a "$AUTHHELPER_TOKEN_FILE")
              code=$(curl -s -o /dev/null -w '%{http_code}' -H @- "$URL/users/me" <<EOF
            Authorization: Bearer $(cat "$AUTHHELPER_TOKEN_FILE")
            EOF
            )
              echo "$mode $code"
              sleep 0.5
            done
            echo "$AUTHHELPER_TOKEN_FILE" > "$HOME/token-file-path"
            """#
        let result = try session.authhelper(["exec", "--token-file", "--", "/bin/bash", "-c", script], environment: ["URL": server.url])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 20, result.stdout)
        XCTAssertEqual(Set(lines), ["600 200"], "every read found a private file holding a valid token: \(result.stdout)")
        XCTAssertGreaterThanOrEqual(try server.counter("refreshes"), 2, "the file was rewritten as the tokens ran out")
        let path = try String(contentsOfFile: session.home + "/token-file-path", encoding: .utf8).trimmingCharacters(in: .newlines)
        XCTAssertTrue(path.hasPrefix(session.runtimeDirectory + "/authhelper/"), path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the file is removed when the program ends")
    }

    func testSignalsToTheParentReachTheProgramAndTheFileIsRemoved() throws {
        try login()
        for signal in [SIGTERM, SIGINT] {
            let marker = session.home + "/started-\(signal)"
            let parent = try ProcessRunner.start(
                Products.authhelper,
                ["exec", "--token-file", "--", "/bin/bash", "-c", "echo \"$AUTHHELPER_TOKEN_FILE\" > \(marker); exec sleep 30"],
                environment: session.environment)
            try waitUntil("the program started") {
                FileManager.default.fileExists(atPath: marker) && !((try? String(contentsOfFile: marker, encoding: .utf8)) ?? "").isEmpty
            }
            let path = try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .newlines)
            XCTAssertTrue(FileManager.default.fileExists(atPath: path))
            kill(parent.process.processIdentifier, signal)
            let result = parent.wait()
            XCTAssertEqual(
                result.status, 128 + signal, "the program ended by the forwarded signal, reported as a shell does: \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the token file is removed")
        }
    }

    /// A signal that reaches the parent at any moment — even while the program is being spawned —
    /// is handled: the program gets it (or is never started) and the token file never stays
    /// behind. The signal is sent the moment the token file appears, just before the spawn.
    func testASignalDuringTheSpawnLeavesNoTokenFileAndNoOrphan() throws {
        try login()
        let folder = session.runtimeDirectory + "/authhelper"
        for attempt in 1...8 {
            let pidFile = session.home + "/child-\(attempt)"
            let parent = try ProcessRunner.start(
                Products.authhelper, ["exec", "--token-file", "--", "/bin/bash", "-c", "echo $$ > \(pidFile); exec sleep 30"],
                environment: session.environment)
            let path = folder + "/exec-\(parent.process.processIdentifier).token"
            let deadline = Date().addingTimeInterval(10)
            while !FileManager.default.fileExists(atPath: path), parent.process.isRunning, Date() < deadline { usleep(100) }
            kill(parent.process.processIdentifier, SIGTERM)
            let result = parent.wait()
            XCTAssertEqual(
                parent.process.terminationReason, .exit, "attempt \(attempt): the parent was not killed by the signal: \(result.stderr)")
            XCTAssertEqual(result.status, 128 + SIGTERM, "attempt \(attempt): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "attempt \(attempt): the token file is removed")
            if let pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap({ Int32($0.trimmingCharacters(in: .newlines)) }) {
                XCTAssertNotEqual(kill(pid, 0), 0, "attempt \(attempt): the program did not outlive the parent")
            }
        }
    }

    /// Ctrl-C at a terminal reaches the program from the terminal itself. Held during a refresh of
    /// the token file, it must not be re-sent to the program afterwards: the program sees it once.
    func testACtrlCHeldDuringARefreshReachesTheProgramOnce() throws {
        server.stop()
        server = try DevServerProcess(["--access-ttl", "4"])
        try login()
        let interrupts = session.home + "/interrupts"
        let started = session.home + "/started"
        let script = session.home + "/program.sh"
        try "trap 'echo INT >> \(interrupts)' INT\ntouch \(started)\nfor i in $(seq 120); do sleep 0.1; done\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        var env = session.environment
        env["PATH"] = Products.directory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let terminal = try TmuxSession(command: "bash --norc --noprofile", environment: env)
        defer { _ = try? terminal.tmux("kill-server") }
        try terminal.type("authhelper exec --token-file -- bash \(script); echo exec-ended-$?", keys: "Enter")
        try waitUntil("the program started") { FileManager.default.fileExists(atPath: started) }
        // The next refresh of the token file is held at the server while the person presses Ctrl-C.
        try server.addFault(target: "refresh", kind: "delay:2500", count: 1)
        let before = try server.counter("refresh_requests")
        try waitUntil("the token file's refresh is at the server", seconds: 15) { try server.counter("refresh_requests") > before }
        try terminal.tmux("send-keys C-c")
        try waitUntil("the refresh was finished", seconds: 15) { try server.counter("refreshes") > before }
        let screen = try terminal.waitFor("exec-ended-", seconds: 20)
        XCTAssertTrue(screen.contains("finishing the refresh"), screen)
        let lines = ((try? String(contentsOfFile: interrupts, encoding: .utf8)) ?? "").split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "the program saw Ctrl-C once: \(lines)\n\(screen)")
    }

    func testNotLoggedInRunsNothing() throws {
        let marker = session.home + "/ran"
        assertFails(try session.authhelper(["exec", "--", "/usr/bin/touch", marker]), status: 77, naming: "Not logged in")
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker))
    }
}
