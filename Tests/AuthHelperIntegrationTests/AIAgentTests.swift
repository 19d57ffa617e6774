import Foundation
import XCTest

/// The AI agents' helpers, driven by the real agents (from scripts/tool-clients): Claude Code
/// connects to a loopback MCP server (the `mcp` SDK's) through `authhelper mcp-headers` as its
/// headersHelper and calls a loopback Messages API with `authhelper token --min-ttl` as its
/// apiKeyHelper; Codex calls a loopback Responses API with the token command as its provider's
/// `auth.command`. No model account is used: the model APIs are stand-ins
/// (Tests/Servers/agent_servers.py) that answer only a live token.
final class AIAgentTests: IntegrationTestCase {
    var agents: PythonServerProcess!
    var work: String!
    static let claude = repositoryRoot + "/.build/tool-clients/claude-agent-sdk-0.2.190/claude_agent_sdk/_bundled/claude"
    static let codex = repositoryRoot + "/.build/tool-clients/openai-codex-cli-bin-0.163.0/codex_cli_bin/bin/codex"

    override func setUpWithError() throws {
        try super.setUpWithError()
        for agent in [Self.claude, Self.codex] where !FileManager.default.isExecutableFile(atPath: agent) {
            XCTFail("\(agent) is missing: scripts/test installs it (scripts/tool-clients)")
            throw Prerequisites.Missing(description: agent)
        }
        agents = try PythonServerProcess(script: "agent_servers.py", ["--api", server.url])
        work = session.root.path + "/agents"
        for folder in ["home", "claude", "codex", "project", "bin"] {
            try FileManager.default.createDirectory(atPath: work + "/" + folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: work + "/bin/authhelper", withDestinationPath: Products.authhelper)
        try login()
        try addToProfile("also_for = [\"\(agents.url)\"]")
    }

    override func tearDown() {
        agents?.stop()
        super.tearDown()
    }

    /// The agents' environment: throwaway homes and config folders, authhelper on PATH, no traffic
    /// but to loopback.
    var agentEnvironment: [String: String] {
        var environment = session.environment
        environment["HOME"] = work + "/home"
        environment["CLAUDE_CONFIG_DIR"] = work + "/claude"
        environment["CODEX_HOME"] = work + "/codex"
        environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1"
        environment["DISABLE_AUTOUPDATER"] = "1"
        environment["PATH"] = work + "/bin:/usr/bin:/bin"
        return environment
    }

    func claude(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            Self.claude, arguments, environment: agentEnvironment.merging(extra) { $1 }, workingDirectory: work + "/project")
    }

    func agentStats() throws -> (accepted: [String: Int], refused: [String: Int], credentials: [String]) {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-sf", agents.url + "/_test/stats"], environment: [:])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let stats = try XCTUnwrap(json["stats"] as? [String: [String: Int]])
        return (stats.mapValues { $0["accepted"] ?? 0 }, stats.mapValues { $0["refused"] ?? 0 }, json["credentials"] as? [String] ?? [])
    }

    /// Nothing the agents were handed or kept holds the refresh token.
    func assertNoRefreshTokenReachedTheAgents(_ outputs: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let refresh = try XCTUnwrap(try storedRefreshToken(), file: file, line: line)
        let texts = outputs + (try agentStats().credentials) + filesText(under: work)
        assertNoSecret(texts.joined(separator: "\n"), [refresh], "the agents' output and files", file: file, line: line)
    }

    func testClaudeCodeConnectsToAnMCPServerThroughTheHeadersHelper() throws {
        let server = #"{"type":"http","url":"\#(agents.url)/mcp/","headersHelper":"authhelper mcp-headers"}"#
        let add = try claude(["mcp", "add-json", "-s", "user", "api", server])
        XCTAssertEqual(add.status, 0, add.stderr + add.stdout)
        let list = try claude(["mcp", "list"])
        XCTAssertTrue(list.stdout.contains("api: \(agents.url)/mcp/ (HTTP) - ✔ Connected"), list.stdout + list.stderr)
        XCTAssertGreaterThan(try agentStats().accepted["mcp"] ?? 0, 0)
        try assertNoRefreshTokenReachedTheAgents([add.stdout, add.stderr, list.stdout, list.stderr])
    }

    /// The same server as Claude Code's stdio server, through `authhelper mcp-proxy` (as
    /// docs/integrations.md shows it): Claude Code connects, and the token reached the server.
    func testClaudeCodeConnectsToAnMCPServerThroughTheProxy() throws {
        let add = try claude(["mcp", "add", "-s", "user", "api", "--", "authhelper", "mcp-proxy", agents.url + "/mcp/"])
        XCTAssertEqual(add.status, 0, add.stderr + add.stdout)
        try trustTheProjectFolder()
        let list = try claude(["mcp", "list"])
        XCTAssertTrue(list.stdout.contains("api: authhelper mcp-proxy \(agents.url)/mcp/ - ✔ Connected"), list.stdout + list.stderr)
        XCTAssertGreaterThan(try agentStats().accepted["mcp"] ?? 0, 0)
        XCTAssertEqual(try agentStats().refused["mcp"] ?? 0, 0)
        try assertNoRefreshTokenReachedTheAgents([add.stdout, add.stderr, list.stdout, list.stderr])
    }

    /// Claude Code starts a stdio server only in a folder the person trusted (its first-run
    /// dialog), recorded in its config file.
    func trustTheProjectFolder() throws {
        let path = work + "/claude/.claude.json"
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data("{}".utf8)
        var config = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var projects = config["projects"] as? [String: Any] ?? [:]
        var project = projects[work + "/project"] as? [String: Any] ?? [:]
        project["hasTrustDialogAccepted"] = true
        projects[work + "/project"] = project
        config["projects"] = projects
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path))
    }

    /// A server no profile claims: the helper fails with the reason, and Claude Code does not
    /// connect with no token at all as if nothing were wrong.
    func testAnMCPServerNoProfileClaimsIsAFailureNotATokenlessConnection() throws {
        let unclaimed = agents.url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        let helper = try session.authhelper(["mcp-headers"], environment: ["CLAUDE_CODE_MCP_SERVER_URL": unclaimed + "/mcp/"])
        assertFails(helper, status: 77, naming: "No profile claims the MCP server")
        let server = #"{"type":"http","url":"\#(unclaimed)/mcp/","headersHelper":"authhelper mcp-headers"}"#
        XCTAssertEqual(try claude(["mcp", "add-json", "-s", "user", "other", server]).status, 0)
        let list = try claude(["mcp", "list"])
        XCTAssertFalse(list.stdout.contains("✔ Connected"), list.stdout)
        XCTAssertEqual(try agentStats().accepted["mcp"] ?? 0, 0)
    }

    func testClaudeCodesAPIKeyHelperIsTheTokenCommand() throws {
        try #"{"apiKeyHelper": "authhelper token --min-ttl 900"}"#.write(
            toFile: work + "/claude/settings.json", atomically: true, encoding: .utf8)
        let ask = try claude(
            ["-p", "say hello", "--model", "claude-sonnet-4-5"],
            environment: ["ANTHROPIC_BASE_URL": agents.url, "CLAUDE_CODE_API_KEY_HELPER_TTL_MS": "600000"])
        XCTAssertEqual(ask.status, 0, ask.stderr + ask.stdout)
        XCTAssertTrue(ask.stdout.contains("hello from the model"), ask.stdout + ask.stderr)
        XCTAssertEqual(try agentStats().accepted["messages"], 1)
        try assertNoRefreshTokenReachedTheAgents([ask.stdout, ask.stderr])
    }

    func testCodexCallsItsProviderWithTheTokenCommand() throws {
        try """
        model = "gpt-test"
        model_provider = "corp"

        [model_providers.corp]
        name = "Corp"
        base_url = "\(agents.url)/v1"
        wire_api = "responses"
        requires_openai_auth = false

        [model_providers.corp.auth]
        command = "authhelper"
        args = ["token", "--min-ttl", "900"]
        refresh_interval_ms = 600000
        """.write(toFile: work + "/codex/config.toml", atomically: true, encoding: .utf8)
        let exec = try ProcessRunner.run(
            Self.codex, ["exec", "--skip-git-repo-check", "say hello"], environment: agentEnvironment, workingDirectory: work + "/project")
        XCTAssertEqual(exec.status, 0, exec.stderr + exec.stdout)
        XCTAssertTrue(exec.stdout.contains("hello from the model"), exec.stdout + exec.stderr)
        XCTAssertEqual(try agentStats().accepted["responses"], 1)
        try assertNoRefreshTokenReachedTheAgents([exec.stdout, exec.stderr])
    }

    /// A DPoP-bound profile's token is useless without its proof: the helpers refuse it, saying why.
    func testADPoPProfileIsRefusedWithTheReason() throws {
        let login = try session.authhelper(
            [
                "login", "--profile", "bound", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin",
                "--dpop",
            ],
            stdin: "demo-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
        let headers = try session.authhelper(["mcp-headers", "--profile", "bound", "--url", server.url + "/mcp"])
        assertFails(headers, status: 64, naming: "DPoP-bound", "an MCP client's headers helper")
        let token = try session.authhelper(["token", "--profile", "bound", "--min-ttl", "900"])
        assertFails(token, status: 64, naming: "DPoP-bound")
    }
}
