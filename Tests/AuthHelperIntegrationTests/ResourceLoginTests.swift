import Foundation
import XCTest

/// `authhelper login URL` with nothing else, against real parts: an MCP server built with the
/// `mcp` SDK, which publishes its protected resource metadata (RFC 9728) and answers 401 with
/// `resource_metadata` as the SDK does (Tests/Servers/mcp_resource.py), and Glewlwyd 2.7 as its
/// authorization server, with dynamic client registration (RFC 7591) open. The person logs in on
/// Glewlwyd's login API (glewlwyd_person.py, as $BROWSER).
final class ResourceLoginTests: IntegrationTestCase {
    var glewlwyd: PythonServerProcess!
    var resource: PythonServerProcess!

    var issuer: String { glewlwyd.url + "/api/oidc" }
    var api: String { resource.url + "/mcp" }
    var person: [String: String] {
        ["BROWSER": "\(PythonServerProcess.python) \(repositoryRoot)/Tests/Servers/glewlwyd_person.py"]
    }

    func start(glewlwyd extra: [String] = ["--register"], resource arguments: [String] = []) throws {
        glewlwyd = try PythonServerProcess(script: "glewlwyd_server.py", extra)
        resource = try PythonServerProcess(
            script: "mcp_resource.py", ["--issuer", issuer, "--userinfo", issuer + "/userinfo"] + arguments)
    }

    override func tearDown() {
        resource?.stop()
        glewlwyd?.stop()
        super.tearDown()
    }

    /// An MCP `initialize` through `authhelper curl`: the server answers it only with a token it
    /// accepts.
    func initialize() throws -> ProcessResult {
        try session.authhelper([
            "curl", "-s", "-f", "-X", "POST", "-H", "Accept: application/json, text/event-stream", "-H", "Content-Type: application/json",
            "-d",
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            api,
        ])
    }

    func testALoginWithTheAPIsURLAloneRegistersLogsInAndReachesTheMCPServer() throws {
        try start()
        XCTAssertNotEqual(try initialize().status, 0, "without a login the API refuses")
        let login = try session.authhelper(["login", api, "-v"], environment: person)
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(login.stderr.contains("resource_metadata") || login.stderr.contains("protected resource"), login.stderr)
        XCTAssertTrue(login.stderr.contains("Registered authhelper with \(issuer) as the client '"), login.stderr)

        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        for line in [
            "server = \"\(api)\"", "issuer = \"\(issuer)\"", "resources = [\"\(api)\"]", "scope = \"openid\"", "grant = \"browser\"",
            "redirect_port = ",
        ] {
            XCTAssertTrue(config.contains(line), "\(line) in \(config)")
        }
        let clientID = try XCTUnwrap(config.split(separator: "\n").first { $0.hasPrefix("client_id = ") }).dropFirst(13).dropLast()
        XCTAssertNotEqual(clientID, "cli", "a client of its own")
        let stored = try XCTUnwrap(try session.keyringSecret(profile: "default", server: api, username: ""), "the session in the keyring")
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
        let registrationToken = try XCTUnwrap(document["registration_access_token"] as? String, "kept as a secret in the store")
        let refreshToken = try XCTUnwrap(document["refresh_token"] as? String)
        assertNoSecret(config, [registrationToken, refreshToken], "the config")
        assertNoSecret(login.stderr + login.stdout, [registrationToken, refreshToken], "login's output")

        let call = try initialize()
        XCTAssertEqual(call.status, 0, call.stderr)
        XCTAssertTrue(call.stdout.contains(#""serverInfo":{"name":"authhelper-resource""#), call.stdout)
        XCTAssertGreaterThanOrEqual(try resource.counter("accepted"), 1)
        // The registered client's session refreshes like any other, and keeps its registration.
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        let refreshed = try XCTUnwrap(try session.keyringSecret(profile: "default", server: api, username: ""))
        XCTAssertTrue(refreshed.contains(registrationToken), "the refresh carried the registration access token over")
        XCTAssertEqual(try initialize().status, 0)
    }

    func testMetadataForAnotherResourceIsRefusedAndNothingRegistered() throws {
        try start(resource: ["--resource", "http://127.0.0.2:9/mcp"])
        let login = try session.authhelper(["login", api], environment: person)
        assertFails(login, status: 65, naming: "is for 'http://127.0.0.2:9/mcp', not \(api)", "RFC 9728")
        XCTAssertFalse(login.stderr.contains("Registered"), login.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "nothing recorded")
    }

    func testSeveralAuthorizationServersWithNobodyToAskExit64NamingThem() throws {
        glewlwyd = try PythonServerProcess(script: "glewlwyd_server.py", ["--register"])
        resource = try PythonServerProcess(
            script: "mcp_resource.py", ["--issuer", issuer, "--issuer", "http://127.0.0.1:9/other", "--userinfo", issuer + "/userinfo"])
        let login = try session.authhelper(["login", api], environment: person)
        assertFails(login, status: 64, naming: issuer, "http://127.0.0.1:9/other", "--issuer")
        let chosen = try session.authhelper(["login", api, "--issuer", issuer], environment: person)
        XCTAssertEqual(chosen.status, 0, chosen.stderr)
    }

    func testAServerWithoutRegistrationNeedsAClientIDAndTakesOne() throws {
        let redirectPort = LoopbackPort.free()
        try start(glewlwyd: ["--redirect-port", "\(redirectPort)"])
        let login = try session.authhelper(["login", api], environment: person)
        assertFails(login, status: 64, naming: issuer, "registration_endpoint", "client ID", "--client-id")
        let given = try session.authhelper(
            ["login", api, "--client-id", "cli", "--redirect-port", "\(redirectPort)"], environment: person)
        XCTAssertEqual(given.status, 0, given.stderr)
        XCTAssertFalse(given.stderr.contains("Registered"), given.stderr)
        XCTAssertEqual(try initialize().status, 0)
    }

    // MARK: authhelper mcp-proxy

    func stdioClient(_ extra: [String] = []) throws -> (result: [String: Any], run: ProcessResult) {
        try mcpStdioClient(through: api, extra)
    }

    func testTheSDKsStdioClientCallsAToolThroughTheProxyFromTheAPIsURLAlone() throws {
        try start()
        XCTAssertEqual(try session.authhelper(["login", api], environment: person).status, 0)
        let (result, run) = try stdioClient(["--calls", "2", "--announce"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(result["tools"] as? [String], ["greet", "announce"], run.stdout + run.stderr)
        XCTAssertEqual(result["texts"] as? [String], ["hello, proxy 0", "hello, proxy 1", "announced"])
        // What the server sends unasked comes on its own stream (GET), which the proxy listens to.
        XCTAssertEqual(result["notices"] as? [String], ["notifications/tools/list_changed"], run.stdout + run.stderr)
        XCTAssertEqual(result["failed"] as? Bool, false)
        XCTAssertEqual(try resource.counter("refused"), 0)
        let stored = try XCTUnwrap(try session.keyringSecret(profile: "default", server: api, username: ""))
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
        assertNoSecret(run.stdout + run.stderr, [document["refresh_token"] as? String ?? ""], "the client's output")
    }

    /// A token the server refuses (as one it revoked) is refreshed once and the request sent
    /// again: the client never sees the refusal. A token that expires mid-session is refreshed
    /// before the next request.
    func testARefusedOrExpiredTokenIsRenewedWithoutTheClientNoticing() throws {
        try start(glewlwyd: ["--register", "--access-token-duration", "3"], resource: ["--refuse-tokens", "1"])
        XCTAssertEqual(try session.authhelper(["login", api], environment: person).status, 0)
        let (result, run) = try stdioClient(["--calls", "2", "--pause", "4"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(result["texts"] as? [String], ["hello, proxy 0", "hello, proxy 1"], run.stdout + run.stderr)
        XCTAssertEqual(result["failed"] as? Bool, false)
        XCTAssertEqual(try resource.counter("refused"), 1, "the one refused token, answered by a refresh")
        XCTAssertGreaterThanOrEqual(try resource.counter("tokens"), 2, "the refused token's successor, and a new one after it expired")
    }

    /// A server that is down gets each request a JSON-RPC error with the reason, at once; stdout
    /// carries nothing else.
    func testAServerThatIsDownGetsAJSONRPCErrorWithTheReasonNeverAHang() throws {
        try start()
        XCTAssertEqual(try session.authhelper(["login", api], environment: person).status, 0)
        resource.stop()
        let started = Date()
        let run = try session.authhelper(
            ["mcp-proxy", api],
            stdin: #"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}"# + "\n"
                + #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#
                + "\n")
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "no hang")
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one answer, to the request; none to the notification: \(run.stdout)")
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        XCTAssertEqual(answer["id"] as? Int, 7)
        let error = try XCTUnwrap(answer["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? Int, -32000)
        XCTAssertTrue((error["message"] as? String ?? "").contains("Cannot connect to \(api)"), "\(error)")
    }

    /// A scope the session lacks (the SDK's 403 insufficient_scope) is answered once, not with a
    /// refresh (which may only narrow the scope) and not in a loop: the client gets a JSON-RPC
    /// error naming the scope the server said and the login that adds it.
    func testInsufficientScopeGetsOneAnswerNamingTheLoginNoRefreshNoLoop() throws {
        try start(resource: ["--also-require", "mcp:admin"])
        XCTAssertEqual(try session.authhelper(["login", api, "--scope", "openid"], environment: person).status, 0)
        let run = try session.authhelper(["mcp-proxy", api], stdin: #"{"jsonrpc":"2.0","id":3,"method":"initialize","params":{}}"# + "\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.stdout)
        let message = try XCTUnwrap((answer["error"] as? [String: Any])?["message"] as? String)
        XCTAssertTrue(message.contains("Required scope: mcp:admin"), message)
        XCTAssertTrue(message.contains("`authhelper login --scope 'openid SCOPE'`"), message)
        XCTAssertEqual(try resource.counter("accepted"), 1, "one request: no refresh, no retry")
    }
}
