import Foundation
import XCTest

/// Every shell example in README.md and docs/*.md runs in a test. Those that need an OAuth 2.0
/// issuer and an API run here, as written, against the development server, which is both: the
/// example hosts are pointed at it, the example users exist on it, and the lines that ask for a
/// password are answered at a real terminal (tmux). The others need what another class starts (a
/// package build, a registry, sshd, a browser, a second API); `elsewhere` names that class and what
/// in it runs the example. An example in neither list fails the test.
final class DocsExamplesTests: IntegrationTestCase {
    override var serverArguments: [String] {
        ["--user", "alice:alice-password", "--user", "ci:ci-password", "--client", "tool:tool-secret:client_secret_basic"]
    }

    /// One command of a ```sh block (continuation lines joined).
    struct Example: CustomStringConvertible {
        let file: String
        let line: Int
        let text: String
        var description: String { "\(file):\(line): \(text)" }
    }

    /// Examples run by another class: a fragment of the example, the test file that runs it, and
    /// a string that test file holds where it does.
    static let elsewhere: [(fragment: String, testFile: String, evidence: String)] = [
        ("make deb", "PackagingTests.swift", "func testDebianPackage"),
        ("sudo make install", "PackagingTests.swift", "\"install\", \"NO_BUILD=1\""),
        ("scripts/test", "../../.ci/run", "exec scripts/test"),
        ("login --device", "DjangoOAuthToolkitDeviceAndBrowserLoginTests.swift", "\"--device\""),
        ("login --browser", "BrowserLoginTests.swift", "\"--browser\""),
        ("ssh -L 8400", "BrowserLoginTests.swift", "\"--no-browser\""),
        ("login --forward", "AgentSSHTests.swift", "\"--forward\""),
        ("authhelper agent &", "AgentSSHTests.swift", "\"agent\""),
        ("authhelper ssh build-host", "AgentSSHTests.swift", "\"ssh\""),
        ("git config --global credential", "GitCredentialTests.swift", "credential."),
        ("--registry registry.example.com", "DockerCredentialTests.swift", "\"--registry\""),
        ("skopeo inspect", "DockerCredentialTests.swift", "skopeo"),
        ("podman pull", "DockerCredentialTests.swift", "\"pull\""),
        ("files.example.com", "AudienceTokenTests.swift", "\"--resource\""),
        ("mail.example.com", "AudienceTokenTests.swift", "\"--resource\""),
        ("export GOAUTH=", "GoAuthTests.swift", "environment[\"GOAUTH\"]"),
        ("export GOPROXY=", "GoAuthTests.swift", "environment[\"GOPROXY\"]"),
        ("go get example.com", "GoAuthTests.swift", "[\"get\", \"example.com/hello@v1.0.0\"]"),
        (".terraform.d/plugins", "TerraformCredentialTests.swift", "/.terraform.d/plugins"),
        ("terraform init", "TerraformCredentialTests.swift", "[\"init\", \"-input=false\"]"),
        ("/usr/libexec/authhelper/keyring", "KeyringCredentialTests.swift", "binFolder(links: [\"keyring\"])"),
        ("--keyring-provider subprocess", "KeyringCredentialTests.swift", "\"--keyring-provider\", \"subprocess\""),
        ("claude mcp add-json", "AIAgentTests.swift", "[\"mcp\", \"add-json\""),
        ("claude mcp add api -- authhelper mcp-proxy", "AIAgentTests.swift", "\"authhelper\", \"mcp-proxy\""),
        ("authhelper login https://mcp.example.com/mcp", "ResourceLoginTests.swift", "[\"login\", api"),
    ]

    /// Every ```sh example of README.md and docs/*.md, in order.
    static func examples() throws -> [Example] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/docs").filter { $0.hasSuffix(".md") }.sorted()
        var found: [Example] = []
        for file in ["README.md"] + docs.map({ "docs/" + $0 }) {
            let lines = try String(contentsOfFile: repositoryRoot + "/" + file, encoding: .utf8).components(separatedBy: "\n")
            var inBlock = false
            var pending: (line: Int, text: String)?
            for (index, line) in lines.enumerated() {
                if line.hasPrefix("```") {
                    inBlock = line == "```sh"
                    continue
                }
                guard inBlock else { continue }
                let text = (pending?.text ?? "") + line
                if text.hasSuffix("\\") {
                    pending = (pending?.line ?? index + 1, String(text.dropLast()))
                    continue
                }
                let start = pending?.line ?? index + 1
                pending = nil
                let command = text.trimmingCharacters(in: .whitespaces)
                if command.isEmpty || command.hasPrefix("#") { continue }
                found.append(Example(file: file, line: start, text: command))
            }
        }
        return found
    }

    /// The example with the example hosts pointed at the development server.
    func pointed(_ text: String) -> String {
        var text = text
        for host in [
            "https://login.example.com/realms/main", "https://login.example.com/o", "https://id.example.com", "https://api.example.com",
        ] {
            text = text.replacingOccurrences(of: host, with: server.url)
        }
        return text
    }

    var workDirectory: String { session.root.path + "/work" }

    var environment: [String: String] {
        ["API": server.url, "ISSUER": server.url, "PASSWORD": "ci-password", "HOME": session.environment["HOME"] ?? session.root.path]
    }

    /// The programs the exec examples start: each checks that it got what the example says.
    func writeExamplePrograms() throws {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let programs = [
            "sync.py": "import os, sys\nsys.exit(0 if os.environ.get('AUTHHELPER_TOKEN', '').count('.') == 2 else 'no token')\n",
            "client": "#!/bin/sh\ncase \"$AUTH\" in 'Authorization: Bearer '*) exit 0;; *) echo 'no header' >&2; exit 1;; esac\n",
            "nightly-export": "#!/bin/sh\n[ -s \"$AUTHHELPER_TOKEN_FILE\" ] || { echo 'no token file' >&2; exit 1; }\n",
        ]
        for (name, text) in programs {
            let path = workDirectory + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    /// A line that asks on the terminal: run in a real one, each prompt answered as it appears
    /// (in whatever order the program asks).
    func runAtTerminal(_ command: String, answers: [(prompt: String, answer: String)]) throws -> (status: Int, screen: String) {
        let script = session.root.path + "/terminal-example.sh"
        try "cd \(workDirectory)\n\(command)\necho \"example exit $?\"\nsleep 60\n".write(toFile: script, atomically: true, encoding: .utf8)
        var env = session.environment.merging(environment) { $1 }
        env["PATH"] = Products.directory + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let terminal = try TmuxSession(command: "bash \(script)", environment: env)
        var remaining = answers
        let deadline = Date().addingTimeInterval(20)
        while !remaining.isEmpty {
            let screen = try terminal.screen()
            if let index = remaining.firstIndex(where: { screen.contains($0.prompt) }) {
                try terminal.type(remaining.remove(at: index).answer, keys: "Enter")
            } else if Date() > deadline || screen.contains("example exit ") {
                return (-1, screen)
            }
            usleep(100_000)
        }
        let screen = try terminal.waitFor("example exit ", seconds: 30)
        let status = screen.components(separatedBy: "example exit ").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? -1
        return (status, screen)
    }

    /// The answers a login line needs at the terminal, or nil for a line that asks nothing.
    func terminalAnswers(_ command: String) -> [(prompt: String, answer: String)]? {
        guard command.contains("authhelper login"), !command.contains("--password-stdin") else { return nil }
        if !command.contains("--server"), !command.contains("--issuer") {
            // The development server is an issuer too: the login offers it as one (a client ID).
            return [("Server URL", server.url), ("Client ID to log in", "cli"), ("Username", "alice"), ("Password", "alice-password")]
        }
        var answers: [(String, String)] = []
        if command.contains("--with-client-secret") { answers.append(("Client secret", "tool-secret")) }
        answers.append(("Password", "alice-password"))
        return answers
    }

    /// A session for the examples that use one (`default`, and `work` where an example names it).
    func ensureLoggedIn(profile: String) throws {
        if try session.authhelper(["status", "--profile", profile]).status == 0 { return }
        let login = try session.authhelper(
            ["login", "--profile", profile, "--issuer", server.url, "--client-id", "cli", "--username", "alice", "--password-stdin"],
            stdin: "alice-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
    }

    func testEveryExampleRunsHereOrInTheTestNamedForIt() throws {
        try writeExamplePrograms()
        let examples = try Self.examples()
        XCTAssertGreaterThan(examples.count, 30, "the examples were found")
        var ranHere = 0
        for example in examples {
            if let other = Self.elsewhere.first(where: { example.text.contains($0.fragment) }) {
                let path = repositoryRoot + "/Tests/AuthHelperIntegrationTests/" + other.testFile
                let source = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                XCTAssertTrue(source.contains(other.evidence), "\(example) is said to run in \(other.testFile), which does not")
                continue
            }
            let command = pointed(example.text)
            if command.hasPrefix("scripts/demo") {
                // The demo as a newcomer runs it, with the binaries this test suite built (the
                // account that runs the tests cannot build).
                let demo = try ProcessRunner.run(
                    "/bin/bash", ["-c", command], environment: ["PATH": "/usr/bin:/bin", "AUTHHELPER_DEMO_BIN": Products.directory],
                    workingDirectory: repositoryRoot)
                XCTAssertEqual(demo.status, 0, "\(example)\n\(demo.stdout)\(demo.stderr)")
                XCTAssertTrue(demo.stdout.contains("\"email\""), "the demo called /users/me: \(demo.stdout)")
                ranHere += 1
                continue
            }
            if let answers = terminalAnswers(command) {
                // A first login asks for everything: the profile it would renew goes first.
                if !command.contains("--server"), !command.contains("--issuer") {
                    XCTAssertEqual(try session.authhelper(["logout", "--all", "--forget"]).status, 0)
                }
                let (status, screen) = try runAtTerminal(command, answers: answers)
                XCTAssertEqual(status, 0, "\(example)\n\(screen)")
            } else {
                try ensureLoggedIn(profile: "default")
                if command.contains("--profile work") { try ensureLoggedIn(profile: "work") }
                let result = try session.shell("cd \(workDirectory) && \(command)", environment: environment)
                XCTAssertEqual(result.status, 0, "\(example)\n\(result.stdout)\(result.stderr)")
                if command.contains("/users/me") && command.hasPrefix("curl") {
                    XCTAssertTrue(result.stdout.contains("alice"), "\(example) called the API as alice: \(result.stdout)")
                }
            }
            ranHere += 1
        }
        XCTAssertGreaterThan(ranHere, 20, "most examples run here")
    }

    func testTheFirstScreenAloneReachesAWorkingCurl() throws {
        // README's first block, as a newcomer types it: the login asks for the password at the
        // terminal, and the curl line then calls the API as that user.
        let first = try Self.examples().filter { $0.file == "README.md" }.prefix(2).map { pointed($0.text) }
        XCTAssertTrue(first[0].hasPrefix("authhelper login --issuer") && first[1].hasPrefix("curl "), "\(first)")
        try writeExamplePrograms()
        let (status, screen) = try runAtTerminal(first[0], answers: [("Password", "alice-password")])
        XCTAssertEqual(status, 0, screen)
        let curl = try session.shell(first[1], environment: environment)
        XCTAssertEqual(curl.status, 0, curl.stderr)
        XCTAssertTrue(curl.stdout.contains("alice"), curl.stdout)
    }
}
