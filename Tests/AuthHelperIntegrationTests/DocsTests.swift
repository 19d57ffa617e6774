import Foundation
import XCTest

/// Completions and man pages: current, lint-clean, and working in the real shells.
final class DocsTests: XCTestCase {
    var sandbox: URL!

    override func setUpWithError() throws {
        try Prerequisites.require()
        sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("ah-docs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: sandbox)
    }

    func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ["PATH": Products.directory + ":/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": sandbox.path]
        env.merge(environment) { $1 }
        return try ProcessRunner.run(executable, arguments, environment: env, workingDirectory: repositoryRoot)
    }

    func testCommittedCompletionsAndManPagesMatchTheBinary() throws {
        let generated = sandbox.path + "/generated"
        let result = try run(
            "/bin/bash", ["scripts/regenerate-docs", "--into", generated], environment: ["AUTHHELPER_BIN": Products.authhelper])
        XCTAssertEqual(result.status, 0, result.stderr)
        let files =
            ["completions/authhelper.bash", "completions/_authhelper", "completions/authhelper.fish"]
            + (try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/man").filter {
                $0.hasSuffix(".1") || $0.hasSuffix(".5")
            }.map { "man/" + $0 })
        XCTAssertGreaterThanOrEqual(files.count, 14)
        for file in files {
            let committed = try String(contentsOfFile: repositoryRoot + "/" + file, encoding: .utf8)
            let fresh = try String(contentsOfFile: generated + "/" + file, encoding: .utf8)
            XCTAssertEqual(committed, fresh, "\(file) is stale: run scripts/regenerate-docs and commit")
        }
        let generatedPages = try FileManager.default.contentsOfDirectory(atPath: generated + "/man").sorted()
        XCTAssertEqual(
            generatedPages, files.filter { $0.hasPrefix("man/") }.map { String($0.dropFirst(4)) }.sorted(), "no page is missing or extra")
    }

    func testManPagesAreLintCleanAndRender() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/man").filter {
            $0.hasSuffix(".1") || $0.hasSuffix(".5")
        }
        let lint = try run("/usr/bin/mandoc", ["-T", "lint", "-W", "warning"] + pages.map { "man/" + $0 })
        XCTAssertEqual(lint.status, 0, lint.stdout + lint.stderr)
        XCTAssertEqual(lint.stdout + lint.stderr, "", "mandoc reports nothing above style level")
        let rendered = try run("/usr/bin/man", ["-l", "man/authhelper.1"], environment: ["MANPAGER": "cat", "MANWIDTH": "80"])
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        for section in ["SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "FILES", "EXIT STATUS", "SECURITY", "EXAMPLES", "SEE ALSO"] {
            XCTAssertTrue(rendered.stdout.contains(section), "authhelper(1) has \(section)")
        }
    }

    /// A config with two profiles, for dynamic completion.
    func profileEnvironment() throws -> [String: String] {
        let config = sandbox.path + "/config/authhelper"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try """
        [profiles.work]
        server = "https://work.example"
        username = "a"
        [profiles.play]
        server = "https://play.example"
        username = "b"
        """.write(toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        return ["XDG_CONFIG_HOME": sandbox.path + "/config"]
    }

    func bashComplete(_ line: String, script: String) throws -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source /usr/share/bash-completion/bash_completion
            source '\(script)'
            COMP_WORDS=(\(words)); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _authhelper authhelper "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try run("/bin/bash", ["-c", program], environment: try profileEnvironment())
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// zsh and fish complete for real only in an interactive shell (fish's `complete -C` cannot
    /// run the generated script's `commandline` calls): tmux types the TABs and reads the screen.
    func interactiveComplete(shell: String, setup: String, line: String) throws -> String {
        var env = try profileEnvironment()
        env["PATH"] = Products.directory + ":/usr/bin:/bin"
        env["HOME"] = sandbox.path
        env["TERM"] = "xterm"
        let terminal = try TmuxSession(command: shell, environment: env)
        // The line is typed once the setup has run (compinit can take seconds on a loaded
        // machine: Tab before that completes nothing); the completions are the lines that then appear.
        try terminal.type("\(setup); printf 'READY-%s\\n' 2", keys: "Enter")
        try terminal.waitFor("READY-2")
        let lines = { (screen: String) in screen.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count }
        let before = lines(try terminal.screen())
        try terminal.type(line, keys: "Tab Tab")
        for _ in 0..<40 {
            usleep(150_000)
            if lines(try terminal.screen()) > before { break }
        }
        usleep(300_000)
        return try terminal.screen()
    }

    func testBashCompletesCommandsAndProfiles() throws {
        let script = repositoryRoot + "/completions/authhelper.bash"
        XCTAssertEqual(Set(try bashComplete("authhelper lo", script: script)), ["login", "logout"])
        XCTAssertEqual(Set(try bashComplete("authhelper header --profile ", script: script)), ["work", "play"])
    }

    func testFishCompletesCommandsAndProfiles() throws {
        let setup = "source \(repositoryRoot)/completions/authhelper.fish"
        let commands = try interactiveComplete(shell: "fish --no-config", setup: setup, line: "authhelper lo")
        XCTAssertTrue(commands.contains("login") && commands.contains("logout"), commands)
        let profiles = try interactiveComplete(shell: "fish --no-config", setup: setup, line: "authhelper header --profile ")
        XCTAssertTrue(profiles.contains("work") && profiles.contains("play"), profiles)
    }

    func testZshCompletesCommandsAndProfiles() throws {
        let setup = "fpath=(\(repositoryRoot)/completions $fpath); autoload -U compinit; compinit -u"
        let commands = try interactiveComplete(shell: "zsh -f", setup: setup, line: "authhelper lo")
        XCTAssertTrue(commands.contains("login") && commands.contains("logout"), commands)
        let profiles = try interactiveComplete(shell: "zsh -f", setup: setup, line: "authhelper header --profile ")
        XCTAssertTrue(profiles.contains("work") && profiles.contains("play"), profiles)
    }
}
