import Foundation
import XCTest

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

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
        let result = try run("/bin/bash", ["scripts/regenerate-docs", "--into", generated], environment: ["AUTHHELPER_BIN": Products.authhelper])
        XCTAssertEqual(result.status, 0, result.stderr)
        let files =
            ["completions/authhelper.bash", "completions/_authhelper", "completions/authhelper.fish"]
            + (try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/man").filter { $0.hasSuffix(".1") || $0.hasSuffix(".5") }.map { "man/" + $0 })
        XCTAssertGreaterThanOrEqual(files.count, 14)
        for file in files {
            let committed = try String(contentsOfFile: repositoryRoot + "/" + file, encoding: .utf8)
            let fresh = try String(contentsOfFile: generated + "/" + file, encoding: .utf8)
            XCTAssertEqual(committed, fresh, "\(file) is stale: run scripts/regenerate-docs and commit")
        }
        let generatedPages = try FileManager.default.contentsOfDirectory(atPath: generated + "/man").sorted()
        XCTAssertEqual(generatedPages, files.filter { $0.hasPrefix("man/") }.map { String($0.dropFirst(4)) }.sorted(), "no page is missing or extra")
    }

    func testManPagesAreLintCleanAndRender() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/man").filter { $0.hasSuffix(".1") || $0.hasSuffix(".5") }
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
        try terminal.type("\(setup); clear", keys: "Enter")
        usleep(700_000)
        try terminal.type(line, keys: "Tab Tab")
        var screen = ""
        for _ in 0..<40 {
            usleep(150_000)
            screen = try terminal.screen()
            if screen.split(separator: "\n").count > 1 { break }
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

/// `make install` / `make uninstall` into a staging root, and the Debian package.
final class PackagingTests: XCTestCase {
    var stage: String!

    override func setUpWithError() throws {
        try Prerequisites.require()
        stage = FileManager.default.temporaryDirectory.appendingPathComponent("ah-stage-\(UUID().uuidString.prefix(8))").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: stage)
    }

    func make(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            "/usr/bin/make", ["--no-print-directory"] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()], workingDirectory: repositoryRoot)
    }

    /// The completion function a zsh started with `compinit` registers for authhelper, when the
    /// files are installed under `root` (as if the package were installed in `/`): this system's
    /// zsh must find `_authhelper` in one of its own default `$fpath` folders moved under `root`.
    func zshCompletion(installedUnder root: String) throws -> String {
        let environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "ZDOTDIR": NSTemporaryDirectory(), "ROOT": root]
        let found = try ProcessRunner.run("/usr/bin/zsh", ["-f", "-c", "print -l ${^fpath/#/$ROOT}/_authhelper(N)"], environment: environment)
        XCTAssertTrue(found.stdout.hasPrefix(root + "/"), "a default $fpath folder holds _authhelper under \(root): '\(found.stdout)'")
        // compinit itself lives in the system's folders, so they follow the moved ones.
        let zsh = try ProcessRunner.run(
            "/usr/bin/zsh", ["-f", "-c", "fpath=(${fpath/#/$ROOT} $fpath); autoload -U compinit; compinit -u; print ${_comps[authhelper]}"],
            environment: environment)
        XCTAssertEqual(zsh.status, 0, zsh.stderr)
        return zsh.stdoutLine
    }

    func testInstallIntoDestdirThenUninstall() throws {
        let install = try make(["install", "NO_BUILD=1", "BIN=\(Products.authhelper)", "DESTDIR=\(stage!)", "PREFIX=/usr"])
        XCTAssertEqual(install.status, 0, install.stderr)
        let usr = stage + "/usr"
        for path in [
            "bin/authhelper", "share/man/man1/authhelper.1", "share/man/man1/authhelper-login.1", "share/man/man5/authhelper.toml.5",
            "share/bash-completion/completions/authhelper", "share/zsh/vendor-completions/_authhelper",
            "share/fish/vendor_completions.d/authhelper.fish",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: usr + "/" + path), path)
        }
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: usr + "/bin/git-credential-authhelper"), "authhelper")
        // The linked name acts as the git helper.
        let helper = try ProcessRunner.run(usr + "/bin/git-credential-authhelper", ["frobnicate"], environment: ["HOME": NSTemporaryDirectory()], stdin: "")
        XCTAssertEqual(helper.status, 0, helper.stderr)

        let found = try ProcessRunner.run("/usr/bin/man", ["-M", usr + "/share/man", "-w", "authhelper"], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(found.stdoutLine, usr + "/share/man/man1/authhelper.1", found.stderr)
        let config = try ProcessRunner.run("/usr/bin/man", ["-M", usr + "/share/man", "-w", "5", "authhelper.toml"], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(config.status, 0)

        // Each shell loads the completion from where it was installed.
        let bash = try ProcessRunner.run("/bin/bash", ["-c", "source /usr/share/bash-completion/bash_completion; source \(usr)/share/bash-completion/completions/authhelper; complete -p authhelper"], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertTrue(bash.stdout.contains("_authhelper"), bash.stdout + bash.stderr)
        XCTAssertEqual(try zshCompletion(installedUnder: stage), "_authhelper", "zsh finds it where this system's zsh looks")
        let fish = try ProcessRunner.run("/usr/bin/fish", ["--no-config", "-c", "source \(usr)/share/fish/vendor_completions.d/authhelper.fish; complete -c authhelper | head -n 1"], environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()])
        XCTAssertTrue(fish.stdout.contains("complete authhelper"), fish.stdout + fish.stderr)

        let uninstall = try make(["uninstall", "DESTDIR=\(stage!)", "PREFIX=/usr"])
        XCTAssertEqual(uninstall.status, 0, uninstall.stderr)
        let left = try ProcessRunner.run("/usr/bin/find", [stage, "-type", "f", "-o", "-type", "l"], environment: [:])
        XCTAssertEqual(left.stdout, "", "uninstall removes every file install put there")
    }

    func testDebianPackage() throws {
        // scripts/test builds the release binary (static Swift stdlib) before the tests run.
        let release = repositoryRoot + "/.build/release/authhelper"
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: release), "make build first")
        let built = try make(["deb", "NO_BUILD=1", "BIN=\(release)"])
        XCTAssertEqual(built.status, 0, built.stderr)
        let deb = repositoryRoot + "/" + built.stdout.split(separator: "\n").last!.trimmingCharacters(in: .whitespaces)
        let version = try ProcessRunner.run(release, ["--version"], environment: [:]).stdoutLine
        XCTAssertTrue(deb.hasSuffix("/authhelper_\(version)_amd64.deb") || deb.hasSuffix("/authhelper_\(version)_arm64.deb"), deb)

        let info = try ProcessRunner.run("/usr/bin/dpkg-deb", ["-f", deb, "Package", "Version", "Depends"], environment: [:])
        XCTAssertTrue(info.stdout.contains("Version: \(version)"), info.stdout)
        for dependency in ["libsecret-1-0", "libcurl4", "libc6", "libstdc++6"] {
            XCTAssertTrue(info.stdout.contains(dependency), "Depends names \(dependency): \(info.stdout)")
        }
        let contents = try ProcessRunner.run("/usr/bin/dpkg-deb", ["-c", deb], environment: [:]).stdout
        for path in [
            "./usr/bin/authhelper", "./usr/bin/git-credential-authhelper -> authhelper", "./usr/share/man/man1/authhelper.1.gz",
            "./usr/share/man/man5/authhelper.toml.5.gz", "./usr/share/bash-completion/completions/authhelper",
            "./usr/share/zsh/vendor-completions/_authhelper", "./usr/share/fish/vendor_completions.d/authhelper.fish",
            "./usr/share/doc/authhelper/copyright", "./usr/share/doc/authhelper/changelog.gz",
        ] {
            XCTAssertTrue(contents.contains(path), "the package holds \(path)")
        }
        // Installed, zsh's own search path finds the completion (Debian's has no site-functions).
        let unpacked = stage + "/deb-root"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        let extracted = try ProcessRunner.run("/usr/bin/dpkg-deb", ["-x", deb, unpacked], environment: [:])
        XCTAssertEqual(extracted.status, 0, extracted.stderr)
        XCTAssertEqual(try zshCompletion(installedUnder: unpacked), "_authhelper", "zsh with compinit completes authhelper from the package")

        let lintian = try ProcessRunner.run("/usr/bin/lintian", [deb], environment: ["PATH": "/usr/bin:/bin"])
        let errors = lintian.stdout.split(separator: "\n").filter { $0.hasPrefix("E:") }
        XCTAssertEqual(errors, [], lintian.stdout)
    }
}

/// CI checks that the benchmark runs and prints its table; the figures are for people.
final class BenchmarkScriptTests: XCTestCase {
    func testQuickModeRunsAndPrintsEveryRow() throws {
        try Prerequisites.require()
        let result = try ProcessRunner.run(
            "/bin/bash", ["scripts/bench", "--quick"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "AUTHHELPER_BUILD_DIR": Products.directory],
            workingDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 0, result.stderr)
        for row in 1...6 {
            XCTAssertTrue(result.stdout.contains("\n| \(row) |"), "row \(row) in:\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains("1 refresh(es)"), "the concurrent burst made exactly one refresh:\n\(result.stdout)")
    }
}
