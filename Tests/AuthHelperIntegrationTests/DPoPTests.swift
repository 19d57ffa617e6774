import Foundation
import XCTest

/// DPoP (RFC 9449) against the development server's verifier, which checks every proof field, the
/// signature, replay by `jti`, `ath`, the `cnf.jkt` binding across refreshes and nonces: a DPoP
/// profile logs in, refreshes and calls the API with proofs; a stolen token is of no use; every
/// path that can carry only a bare token refuses; the key never leaves the store.
final class DPoPTests: IntegrationTestCase {
    func loginDPoP(_ extra: [String] = [], profile: String? = nil) throws -> ProcessResult {
        var arguments = ["login", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin", "--dpop"] + extra
        if let profile { arguments += ["--profile", profile] }
        return try session.authhelper(arguments, stdin: "demo-password\n")
    }

    func restartServer(_ arguments: [String]) throws {
        server.stop()
        server = try DevServerProcess(arguments)
    }

    func testADPoPProfileLogsInRefreshesAndCallsTheAPIWithProofsAndAStolenTokenIsUseless() throws {
        let login = try loginDPoP()
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("dpop = true"))
        XCTAssertEqual(try server.counter("dpop_proofs"), 1, "the password grant carried a proof")
        let status = try session.authhelper(["status", "--json"])
        XCTAssertTrue(status.stdout.contains("\"dpop\" : true") || status.stdout.contains("\"dpop\": true"), status.stdout)

        // header --method --url: both lines, for one request, as a script sends them.
        let url = server.url + "/users/me"
        let headers = try session.authhelper(["header", "--method", "GET", "--url", url])
        XCTAssertEqual(headers.status, 0, headers.stderr)
        let lines = headers.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, headers.stdout)
        XCTAssertTrue(lines[0].hasPrefix("Authorization: DPoP ") && lines[1].hasPrefix("DPoP: "), headers.stdout)
        let token = String(lines[0].dropFirst("Authorization: DPoP ".count))
        func call(_ headerLines: [String]) throws -> String {
            try ProcessRunner.run(
                "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "@-", url], environment: [:],
                stdin: headerLines.joined(separator: "\n") + "\n"
            ).stdout
        }
        XCTAssertEqual(try call(lines), "200", "the token with its proof")
        XCTAssertEqual(try call(lines), "401", "the same proof again is a replay")
        XCTAssertEqual(try call(["Authorization: Bearer \(token)"]), "401", "the token alone, as a thief would use it")
        // A proof whose signature is not the key's (one byte of it changed) is no proof.
        let fresh = try session.authhelper(["header", "--method", "GET", "--url", url]).stdout.split(separator: "\n").map(String.init)
        var forged = Array(fresh[1])
        let at = forged.count - 10
        forged[at] = forged[at] == "A" ? "B" : "A"
        XCTAssertEqual(try call([fresh[0], String(forged)]), "401", "a signature that does not verify")

        // authhelper curl signs a proof for curl's own request; a refresh keeps the key.
        let curl = try session.authhelper(["curl", "-s", url])
        XCTAssertEqual(curl.status, 0, curl.stderr)
        XCTAssertTrue(curl.stdout.contains("\"email\":\"demo\""), curl.stdout)
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try server.counter("dpop_key_mismatch"), -1, "the refresh proved the session's own key")
        XCTAssertEqual(try server.counter("refreshes"), 1)
        let again = try session.authhelper(["curl", "-s", url])
        XCTAssertTrue(again.stdout.contains("\"email\":\"demo\""), again.stdout + again.stderr)
        // -L would let curl send the proof to a redirect's host: refused before curl runs.
        let apiCalls = try server.counter("users_me_dpop")
        for follow in [["-sL"], ["--location", "-s"]] {
            assertFails(try session.authhelper(["curl"] + follow + [url]), status: 64, naming: "does not follow redirects (-L, --location)")
        }
        XCTAssertEqual(try server.counter("users_me_dpop"), apiCalls, "curl never ran")

        // Logout removes every runtime entry of the profile, whatever its kind (`default@dpop` too).
        let entries = { (try? FileManager.default.contentsOfDirectory(atPath: self.session.cacheDirectory)) ?? [] }
        XCTAssertTrue(entries().contains("default@dpop"), entries().description)
        defer {
            XCTAssertEqual(try? session.authhelper(["logout", "--local"]).status, 0)
            let left = entries().filter { $0.hasPrefix("default") && !$0.hasSuffix(".lock") }  // the lock stays, as always
            XCTAssertEqual(left, [], "logout left a runtime entry of the profile")
        }

        // The key lives in the store and nowhere else.
        let stored = try XCTUnwrap(try storedSession()?["dpop_key"] as? String)
        let privateScalar = try XCTUnwrap(stored.split(separator: ".").first.map(String.init))
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        for (what, text) in [
            ("the config", config), ("login", login.stdout + login.stderr), ("status", status.stdout + status.stderr),
            ("header", headers.stdout + headers.stderr), ("curl", curl.stdout + curl.stderr),
        ] {
            XCTAssertFalse(text.contains(privateScalar), "\(what) holds the private key")
        }
        let verbose = try session.authhelper(["refresh", "-v"])
        XCTAssertFalse(verbose.stderr.contains(privateScalar), "verbose output holds the private key")
    }

    func testEveryPathThatCarriesOnlyABareTokenRefuses() throws {
        XCTAssertEqual(try loginDPoP(["--registry", "registry.example.test"]).status, 0)
        assertFails(try session.authhelper(["header"]), status: 64, naming: "DPoP-bound", "header --method")
        assertFails(try session.authhelper(["token"]), status: 64, naming: "DPoP-bound")
        assertFails(try session.authhelper(["exec", "--", "/bin/true"]), status: 64, naming: "DPoP-bound", "exec")
        assertFails(try session.authhelper(["kube-credential"]), status: 64, naming: "DPoP-bound", "kubectl")
        let host = server.url.dropFirst("http://".count)
        let git = try session.authhelper(["git-credential", "get"], stdin: "protocol=http\nhost=\(host)\n\n")
        assertFails(git, status: 64, naming: "DPoP-bound", "git")
        let registry = try session.authhelper(["docker-credential", "get"], stdin: "registry.example.test\n")
        XCTAssertEqual(registry.status, 1)
        XCTAssertTrue(registry.stdout.contains("DPoP-bound"), "the reason on the protocol's channel: \(registry.stdout)")
        XCTAssertFalse(registry.stdout.contains("\"Secret\""), registry.stdout)
        // Nor does the front hand out the cached token: it is cached apart.
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"))
        assertFails(try session.authhelper(["token"]), status: 64, naming: "DPoP-bound")

        // Whether the session is bound is the session's fact: with the config's dpop line deleted
        // by hand, every bare path still refuses, from the cache, the store or a refresh, and
        // nothing is cached where the front would serve it.
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        try config.replacingOccurrences(of: "dpop = true\n", with: "").write(toFile: session.configFile, atomically: true, encoding: .utf8)
        XCTAssertFalse(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("dpop"))
        for environment in [[:], ["AUTHHELPER_NO_CACHE": "1"]] {
            for command in [["header"], ["token"], ["token", "--min-ttl", "999999"], ["exec", "--", "/bin/true"], ["kube-credential"]] {
                let result = try session.authhelper(command, environment: environment)
                assertFails(result, status: 64, naming: "DPoP-bound", "whatever the config's dpop line says")
                XCTAssertFalse(result.stdout.contains("Bearer"), "\(command): \(result.stdout)")
            }
        }
        let unlabelled = try session.authhelper(["docker-credential", "get"], stdin: "registry.example.test\n")
        XCTAssertEqual(unlabelled.status, 1)
        XCTAssertTrue(unlabelled.stdout.contains("DPoP-bound"), unlabelled.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"), "nothing the front would serve")
    }

    /// The config's dpop line is only a label: where it says otherwise than the session, `status`
    /// and `doctor` say which counts and how to make them agree.
    func testStatusAndDoctorNameADPoPLineThatDisagreesWithTheSession() throws {
        XCTAssertEqual(try loginDPoP().status, 0)
        let agreeing = try session.authhelper(["status"])
        XCTAssertTrue(agreeing.stdout.contains("token binding: DPoP"), agreeing.stdout)
        XCTAssertFalse(agreeing.stdout.contains("binding:       "), "no disagreement to name: \(agreeing.stdout)")

        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        try config.replacingOccurrences(of: "dpop = true\n", with: "").write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let status = try session.authhelper(["status"])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("token binding: DPoP"), "the session's binding: \(status.stdout)")
        XCTAssertTrue(status.stdout.contains("the config says dpop = false, but the stored session is DPoP-bound"), status.stdout)
        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(session.authhelper(["status", "--json"]).stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["dpop"] as? Bool, true)
        XCTAssertEqual(json["dpop_in_config"] as? Bool, false)
        let doctor = try session.authhelper(["doctor"])
        XCTAssertEqual(doctor.status, 78, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.contains("token binding"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("Put `dpop = true` back"), doctor.stdout)
    }

    /// A device login polls with a fresh proof every time (the verifier refuses a replayed `jti`),
    /// and the token it gets is bound to the profile's key.
    func testEveryDevicePollCarriesAFreshProof() throws {
        try server.addFault(target: "device-poll", kind: "oauth:authorization_pending", count: 2)
        let login = try session.authhelper(["login", "--device", "--dpop", "--issuer", server.url, "--client-id", "cli"])
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertEqual(try server.counter("device_polls"), 3, "two pending, then granted")
        XCTAssertEqual(try server.counter("dpop_proofs"), 3, "each poll proved the key")
        XCTAssertEqual(try server.counter("dpop_proofs_refused"), -1, "no proof was refused (none replayed, none stale)")
        let curl = try session.authhelper(["curl", "-s", "-f", server.url + "/users/me"])
        XCTAssertEqual(curl.status, 0, curl.stderr)
        XCTAssertEqual(try server.counter("users_me_dpop"), 1, "the API took the token with a proof")
    }

    /// The token agent hands out bare tokens, which a DPoP-bound token cannot be used as: a remote
    /// request for a forwarded DPoP profile is refused with the reason, and no token crosses.
    func testTheAgentRefusesToForwardADPoPBoundToken() throws {
        XCTAssertEqual(try loginDPoP(["--forward"]).status, 0)
        let agent = try ProcessRunner.start(Products.authhelper, ["agent"], environment: session.environment)
        defer { agent.terminate() }
        XCTAssertNotNil(agent.stderrLine(containing: "serving the profiles with forward = true"), agent.stderrSoFar())
        let remote = try remoteEnvironment()
        for command in [["token"], ["header"], ["header", "--method", "GET", "--url", server.url + "/users/me"]] {
            let result = try session.authhelper(command, environment: remote)
            XCTAssertNotEqual(result.status, 0, "\(command): \(result.stdout)")
            XCTAssertEqual(result.stdout, "", "\(command): no token crosses")
            XCTAssertTrue(result.stderr.contains("DPoP-bound"), "\(command): \(result.stderr)")
        }
    }

    /// A server that wants a nonce (RFC 9449 §8): one retry with the nonce it gave, which is then
    /// remembered for the origin, so the next request carries it at once.
    func testAServerNonceGetsOneRetryAndIsRemembered() throws {
        try restartServer(["--dpop-nonce", "nonce-0123456789"])
        let login = try loginDPoP()
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertEqual(try server.counter("dpop_nonce_asked"), 1, "asked once")
        XCTAssertEqual(try session.authhelper(["refresh"]).status, 0)
        XCTAssertEqual(try server.counter("dpop_nonce_asked"), 1, "the refresh carried the remembered nonce")
        XCTAssertEqual(try server.counter("dpop_proofs"), 2)
    }

    /// The only way DPoP reaches an MCP client: `authhelper mcp-proxy` signs a proof for every
    /// request it forwards. The MCP server (the `mcp` SDK, with a strict DPoP gate in front of it,
    /// Tests/Servers/mcp_resource.py) checks each proof — signature, method, URL, `ath`, the key the
    /// token is bound to by introspection, a `jti` never seen before — and asks for a nonce first;
    /// a bare presentation of the token is refused.
    func testTheMCPProxyCarriesAFreshProofOnEveryRequestToAnMCPServer() throws {
        let port = LoopbackPort.free()
        let api = "http://127.0.0.1:\(port)/mcp"
        try restartServer(["--resource-server", api])
        let resource = try PythonServerProcess(
            script: "mcp_resource.py",
            [
                "--port", "\(port)", "--issuer", server.url, "--introspection", server.url + "/oauth/introspect", "--dpop",
                "--dpop-nonce", "mcp-nonce-42",
            ])
        defer { resource.stop() }
        let login = try loginDPoP(["--resource", api])
        XCTAssertEqual(login.status, 0, login.stderr)
        // The API's token, got before the client starts: the proxy then needs no refresh at all.
        let header = try session.authhelper(["header", "--method", "POST", "--url", api])
        let token = try XCTUnwrap(header.stdout.split(separator: "\n").first, header.stderr).dropFirst("Authorization: DPoP ".count)
        let refreshes = try server.counter("refreshes")

        let (result, run) = try mcpStdioClient(through: api, ["--calls", "2", "--announce"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(result["texts"] as? [String], ["hello, proxy 0", "hello, proxy 1", "announced"], run.stdout + run.stderr)
        XCTAssertEqual(result["notices"] as? [String], ["notifications/tools/list_changed"], "the server's own stream, proved too")
        let stats = try resource.stats()
        XCTAssertEqual(stats["proofs_refused"] as? Int, 0, "\(stats["refusal"] ?? "")")
        XCTAssertEqual(stats["nonces_asked"] as? Int, 1, "asked once, then remembered for the origin")
        XCTAssertEqual(try server.counter("refreshes"), refreshes, "a nonce is answered with a resend, not a refresh")
        let proofs = try XCTUnwrap(stats["proofs"] as? [String: Int])
        // initialize, initialized, tools/list, three tools/call, the server's own stream (GET),
        // then the session's DELETE.
        XCTAssertGreaterThanOrEqual(proofs["POST"] ?? 0, 6, "\(proofs)")
        XCTAssertGreaterThanOrEqual(proofs["GET"] ?? 0, 1, "\(proofs)")
        XCTAssertEqual(proofs["DELETE"], 1, "the session's end carried its own proof: \(proofs)")
        XCTAssertEqual(stats["bearer_refused"] as? Int, 0)
        XCTAssertGreaterThanOrEqual(try server.counter("introspections"), 6, "the MCP server asked the issuer about each proved token")

        // The same token without a proof, as a thief would use it: refused.
        let stolen = try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(token)", api],
            environment: [:])
        XCTAssertEqual(stolen.stdout, "401")
        XCTAssertEqual(try resource.counter("bearer_refused"), 1)
    }

    func testServersThatCannotDoItAreRefusedAndNothingIsStored() throws {
        // Metadata without ES256 among the proof algorithms: 64, before the password is sent.
        try restartServer(["--dpop-algs", "RS256,PS256"])
        assertFails(try loginDPoP(), status: 64, naming: "RS256, PS256", "ES256")
        XCTAssertEqual(try server.counter("logins"), 0, "the password was never sent")
        // A token that is not DPoP-bound in answer to a DPoP request: 65, nothing stored.
        try restartServer([])
        try server.addFault(target: "login", kind: "not-bearer", count: 1)
        assertFails(try loginDPoP(), status: 65, naming: "DPoP-bound")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "nothing was stored")
        // The seed API has no DPoP.
        let seed = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin", "--dpop"], stdin: "demo-password\n")
        assertFails(seed, status: 64, naming: "--issuer")
    }
}
