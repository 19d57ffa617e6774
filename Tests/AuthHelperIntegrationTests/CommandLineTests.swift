import AuthHelperCore
import Foundation
import XCTest

/// Global options go before or after the command name, on the fast and the slow path; one table
/// of them serves the fast path, `curl`'s split and the parser.
final class CommandLineTests: IntegrationTestCase {
    func loginWork() throws {
        let result = try session.authhelper(
            ["--profile", "work", "login", "--server", server.url, "--username", "demo", "--password-stdin"],
            stdin: "demo-password\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let status = try session.authhelper(["status", "--profile", "work"])
        XCTAssertEqual(status.status, 0, "options before the command reached login: \(status.stderr)")
    }

    func testGlobalOptionsWorkBeforeAndAfterTheCommandOnTheFastPath() throws {
        try loginWork()
        let after = try session.authhelper(["header", "--profile", "work"])
        let before = try session.authhelper(["--profile", "work", "header"])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(before.stdout, after.stdout)
        let verbose = try session.authhelper(["-v", "--profile=work", "header"])
        XCTAssertEqual(verbose.stdout, after.stdout)
        XCTAssertTrue(verbose.stderr.contains("access token from the runtime cache"), verbose.stderr)
        let all = try session.authhelper([
            "--config", session.configFile, "--timeout", "5", "--no-prompt", "-v", "--profile", "work", "token",
        ])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertEqual("Authorization: Bearer " + all.stdoutLine + "\n", after.stdout)
        XCTAssertEqual(try server.counter("refreshes"), 0)
    }

    func testGlobalOptionsWorkBeforeAndAfterTheCommandOnTheSlowPath() throws {
        try loginWork()
        // Cache off: the keyring answers, still without ArgumentParser for header and token.
        let header = try session.authhelper(["--verbose", "--profile", "work", "header"], environment: ["AUTHHELPER_NO_CACHE": "1"])
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertTrue(header.stderr.contains("from the keyring"), header.stderr)
        // Through ArgumentParser: refresh, status, logout.
        XCTAssertEqual(try session.authhelper(["--profile", "work", "--no-prompt", "refresh"]).status, 0)
        XCTAssertEqual(try server.counter("refreshes"), 1)
        let status = try session.authhelper(["--profile", "work", "status", "--json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], status.stderr)
        XCTAssertEqual(json["profile"] as? String, "work")
        let unknown = try session.authhelper(["--profile", "nosuch", "status"])
        assertFails(unknown, status: 77, naming: "nosuch")
        XCTAssertEqual(try session.authhelper(["--profile", "work", "logout"]).status, 0)
        assertFails(try session.authhelper(["status", "--profile", "work"]), status: 77, naming: "Not logged in")
    }

    func testAnOptionGivenTwiceWithDifferentValuesIsAUsageError() throws {
        try loginWork()
        for arguments in [
            ["--profile", "work", "header", "--profile", "other"],
            ["--profile=work", "token", "--profile", "other"],
            ["--timeout", "5", "status", "--timeout", "6"],
            ["--config", "/a", "curl", "--config", "/b", "-s", "http://127.0.0.1:9"],
        ] {
            let result = try session.authhelper(arguments)
            assertFails(result, status: 64, naming: "given twice")
        }
        // The same value twice, or a flag twice, is no conflict.
        XCTAssertEqual(try session.authhelper(["--profile", "work", "header", "--profile", "work"]).status, 0)
        XCTAssertEqual(try session.authhelper(["-v", "--profile", "work", "header", "--verbose"]).status, 0)
    }

    func testCurlTakesEveryGlobalOptionAsItsOwnAndHandsTheRestToCurl() throws {
        try loginWork()
        let url = server.url + "/users/me"
        let global = ["--profile", "work", "--config", session.configFile, "--timeout", "5", "--no-prompt", "-v"]
        for arguments in [["curl"] + global + ["-s", url], global + ["curl", "-s", url], ["curl", "--profile=work", "--", "-s", url]] {
            let result = try session.authhelper(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("\"email\":\"demo\""), "\(arguments): \(result.stdout)")
        }
        // After curl's first argument, -v is curl's (its request trace), not authhelper's.
        let curlVerbose = try session.authhelper(["curl", "--profile", "work", "-s", "-o", "/dev/null", "-v", url])
        XCTAssertEqual(curlVerbose.status, 0, curlVerbose.stderr)
        XCTAssertTrue(curlVerbose.stderr.contains("> GET /users/me"), curlVerbose.stderr)
    }

    /// The tables the fast path, `curl` and `exec` read name exactly the options the parser
    /// gives the commands: a new option cannot be missed by one of them (where `curl` would hand
    /// it to curl without a word).
    func testTheOptionTablesMatchTheParsersOptions() throws {
        let dump = try ProcessRunner.run(Products.authhelper, ["--experimental-dump-help"], environment: [:])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try XCTUnwrap(json["command"] as? [String: Any])
        let table = GlobalOptionTable.entries.map { OptionShape(names: Set($0.names), takesValue: $0.takesValue) }
        var commands = [root]
        commands += (root["subcommands"] as? [[String: Any]] ?? []).filter { ($0["commandName"] as? String) != "help" }
        XCTAssertGreaterThan(commands.count, 9)
        var checkedOwnTables = 0
        for command in commands {
            let name = command["commandName"] as? String ?? "?"
            let shapes: [OptionShape] = (command["arguments"] as? [[String: Any]] ?? []).compactMap { argument in
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { entry -> String? in
                    guard let text = entry["name"] as? String, let kind = entry["kind"] as? String else { return nil }
                    return kind == "short" ? "-" + text : "--" + text
                }
                guard !names.isEmpty, argument["kind"] as? String != "positional" else { return nil }
                return OptionShape(names: Set(names), takesValue: argument["kind"] as? String == "option")
            }
            for entry in table {
                XCTAssertTrue(
                    shapes.contains(entry), "\(name) takes \(entry.names.sorted()) (value: \(entry.takesValue)) as the table says")
            }
            // curl, exec, ssh, header and token: their own options besides the global ones, exactly as declared.
            guard let own = CommandOptionTable.options(of: name) else { continue }
            // ArgumentParser's own --help and --version (the root's) are not declared by the command;
            // `curl --version` reaches curl, as the split puts every argument after the own ones there.
            let builtIn = [
                OptionShape(names: Set(CommandOptionTable.help.names), takesValue: false),
                OptionShape(names: ["--version"], takesValue: false),
            ]
            let declared = Set(shapes.filter { !table.contains($0) && !builtIn.contains($0) }.map(\.names))
            let tabled = Set(
                own.map { OptionShape(names: Set($0.names), takesValue: $0.takesValue) }.filter { !builtIn.contains($0) }.map(\.names))
            XCTAssertEqual(declared, tabled, "\(name)'s own options")
            for shape in shapes where !table.contains(shape) && !builtIn.contains(shape) {
                XCTAssertTrue(
                    own.contains { Set($0.names) == shape.names && $0.takesValue == shape.takesValue },
                    "\(name): \(shape.names.sorted()) as the table says")
            }
            checkedOwnTables += 1
        }
        XCTAssertEqual(checkedOwnTables, CommandOptionTable.commands.count)
    }

    /// A mistyped command gets the one it was likely meant to be; options people bring from
    /// `docker login` get the spelling authhelper uses, or why it has none.
    func testMistypedCommandsAndDockerLoginOptionsNameTheFix() throws {
        assertFails(try session.authhelper(["stauts"]), status: 64, naming: "Did you mean 'status'?")
        assertFails(try session.authhelper(["--profile", "x", "hedaer"]), status: 64, naming: "Did you mean 'header'?")
        assertFails(try session.authhelper(["frobnicate"]), status: 64, naming: "authhelper --help")
        assertFails(try session.authhelper(["login", "-u", "alice"]), status: 64, naming: "--username")
        for option in ["-p", "--password", "--password=secret-value"] {
            let result = try session.authhelper(["login", "--username", "alice", option] + (option.contains("=") ? [] : ["secret-value"]))
            assertFails(result, status: 64, naming: "--password-stdin")
            XCTAssertFalse(result.stderr.contains("secret-value"), "the password is not echoed")
        }
        // Both of docker login's habits at once: both pointers in the one message.
        let both = try session.authhelper(["login", "-u", "alice", "-p", "secret-value"])
        assertFails(both, status: 64, naming: "--username")
        assertFails(both, status: 64, naming: "--password-stdin")
        XCTAssertFalse(both.stderr.contains("secret-value"), "the password is not echoed")
    }

    /// ArgumentParser quotes what was typed; a value given to an option that takes none, or to an
    /// option whose name says it carries a secret, is never repeated — on either program — while
    /// any other offending value is still named.
    func testUsageErrorsNeverRepeatAValueThatMayBeASecret() throws {
        let secret = "s3cr3t-usage-value"
        for arguments in [
            ["login", "--with-client-secret=\(secret)", "--server", "https://api.example.com"],
            ["login", "--password-stdin=\(secret)", "--server", "https://api.example.com"],
            ["login", "--remember-password=\(secret)", "--server", "https://api.example.com"],
            ["login", "--client-secret=\(secret)", "--server", "https://api.example.com"],
            ["login", "--server", "https://api.example.com", "--client-secret", secret],
            ["status", "--json=\(secret)"],
        ] {
            for program in [Products.authhelper, Products.directory + "/authhelper-full"] {
                let result = try ProcessRunner.run(program, arguments, environment: session.environment)
                XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
                XCTAssertFalse(
                    result.stdout.contains(secret) || result.stderr.contains(secret), "\(arguments) repeats the value: \(result.stderr)")
            }
        }
        // Short values too, without cutting the sentence's own words.
        let short = try session.authhelper(["login", "--with-client-secret=a", "--server", "https://api.example.com"])
        XCTAssertTrue(short.stderr.contains("does not take any value, but '[not shown]' was specified"), short.stderr)
        // Any other offending value is still named, as the error style asks.
        assertFails(try session.authhelper(["--timeout=soon", "token"]), status: 64, naming: "'soon'")
    }

    struct OptionShape: Equatable {
        let names: Set<String>
        let takesValue: Bool
    }
}
