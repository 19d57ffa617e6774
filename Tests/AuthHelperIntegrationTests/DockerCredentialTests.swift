import Foundation
import XCTest

/// `docker-credential-authhelper` as the container tools run it: Debian's docker-registry 2.8 on
/// 127.0.0.1 in token-auth mode, a loopback token service that takes an access token the
/// development server accepts as the Basic password (Tests/Servers/registry_token_service.py),
/// and real skopeo and podman with an auth file naming the helper in `credHelpers`.
final class DockerCredentialTests: IntegrationTestCase {
    /// Login hands out an access token that has already expired: the first `get` refreshes.
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    var tokenService: PythonServerProcess!
    var registry: RunningProcess!
    var registryHost: String!
    var bin: String!
    var helper: String { bin + "/docker-credential-authhelper" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let folder = session.root.path + "/registry"
        try FileManager.default.createDirectory(atPath: folder + "/storage", withIntermediateDirectories: true)
        tokenService = try PythonServerProcess(
            script: "registry_token_service.py", ["--api", server.url, "--cert", folder + "/token-service.pem"])
        let port = LoopbackPort.free()
        registryHost = "127.0.0.1:\(port)"
        try """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: \(folder)/storage
        http:
          addr: \(registryHost!)
          secret: registry-test-secret
        auth:
          token:
            realm: \(tokenService.url)/token
            service: test-registry
            issuer: test-token-service
            rootcertbundle: \(folder)/token-service.pem
        """.write(toFile: folder + "/config.yml", atomically: true, encoding: .utf8)
        registry = try ProcessRunner.start("/usr/bin/docker-registry", ["serve", folder + "/config.yml"], environment: [:])
        try waitUntil("the registry answers") {
            try ProcessRunner.run(
                "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://\(registryHost!)/v2/"], environment: [:]
            )
            .stdout == "401"
        }
        // The helper as the tools find it: `docker-credential-authhelper` on PATH, a link.
        bin = session.root.path + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: helper, withDestinationPath: Products.authhelper)
    }

    override func tearDown() {
        registry?.terminate()
        tokenService?.stop()
        super.tearDown()
    }

    func loginClaimingTheRegistry(extra: [String] = []) throws {
        try login(extra: ["--registry", registryHost] + extra)
    }

    func get(_ request: String, environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(helper, ["get"], environment: session.environment.merging(environment) { $1 }, stdin: request)
    }

    func reply(_ result: ProcessResult) throws -> [String: String] {
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String], result.stdout)
    }

    func testGetAnswersEveryFormTheToolsSendWithAFreshAccessToken() throws {
        try loginClaimingTheRegistry()
        var secrets: Set<String> = []
        for form in [
            registryHost!, "\(registryHost!)\n", "https://\(registryHost!)", "https://\(registryHost!)/v2/", "http://\(registryHost!)",
        ] {
            let answer = try reply(try get(form))
            XCTAssertEqual(answer["ServerURL"], form.trimmingCharacters(in: .whitespacesAndNewlines))
            XCTAssertEqual(answer["Username"], "demo", "never <token>: docker would run the refresh grant itself")
            secrets.insert(try XCTUnwrap(answer["Secret"]))
        }
        XCTAssertEqual(secrets.count, 1, "one fresh token, cached")
        let secret = try XCTUnwrap(secrets.first)
        XCTAssertEqual(try session.authhelper(["token"]).stdoutLine, secret, "the profile's access token")
        assertNoSecret(secret, try server.issuedRefreshTokens(), "the secret")
        XCTAssertEqual(try server.counter("refreshes"), 1, "the expired login token was refreshed once")

        // A registry no profile claims: exactly what podman and containers/image expect.
        let other = try get("registry.other.example:5000")
        XCTAssertEqual(other.status, 1)
        XCTAssertEqual(other.stdout, "credentials not found in native keychain\n")

        // registry_username, where the registry wants a fixed one.
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config = config.replacingOccurrences(of: "registries = ", with: "registry_username = \"oauth2accesstoken\"\nregistries = ")
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(try reply(try get(registryHost))["Username"], "oauth2accesstoken")
    }

    /// A development server that issues tokens for `resource`, and a login to it that names the
    /// resource and claims `registry`.
    func loginWithResource(_ resource: String, registry: String) throws {
        server.stop()
        server = try DevServerProcess(["--resource-server", resource])
        let login = try session.authhelper(
            [
                "login", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin", "--resource", resource,
                "--registry", registry,
            ], stdin: "demo-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
    }

    /// A profile that lists a resource on the registry's origin hands the registry that
    /// resource's token (RFC 8707), not its own.
    func testARegistryWithAResourceOnItsOriginGetsThatResourcesToken() throws {
        let resource = "https://\(registryHost!)/"
        try loginWithResource(resource, registry: registryHost)
        let secret = try XCTUnwrap(try reply(try get(registryHost))["Secret"])
        XCTAssertEqual(secret, try session.authhelper(["token", "--resource", resource]).stdoutLine)
        XCTAssertNotEqual(secret, try session.authhelper(["token"]).stdoutLine, "not the profile's own token")
    }

    /// The claim as the config writes it, not the form a request takes, decides the token: a
    /// registry claimed as `http://HOST` with a resource there gets that resource's token when
    /// podman asks for `HOST` (the front's warm answer too); a request in plain http for a
    /// registry the config speaks https to, not on loopback, gets no token at all.
    func testTheConfigsClaimNotTheRequestsSchemeChoosesTheTokenAndPlainHTTPIsRefusedOffLoopback() throws {
        let resource = "http://\(registryHost!)/"
        try loginWithResource(resource, registry: "http://\(registryHost!)")
        let resourceToken = try XCTUnwrap(try session.authhelper(["token", "--resource", resource]).stdoutLine)
        XCTAssertNotEqual(resourceToken, try session.authhelper(["token"]).stdoutLine)
        for form in [registryHost!, "https://\(registryHost!)", "http://\(registryHost!)/v2/"] {
            XCTAssertEqual(try reply(try get(form))["Secret"], resourceToken, "\(form): the resource's token")
        }
        let lone = session.root.path + "/lone"
        try FileManager.default.createDirectory(atPath: lone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Products.authhelper, toPath: lone + "/docker-credential-authhelper")
        let warm = try ProcessRunner.run(
            lone + "/docker-credential-authhelper", ["get"], environment: session.environment, stdin: registryHost)
        XCTAssertEqual(try reply(warm)["Secret"], resourceToken, "the front answers with the same token")

        // A registry off loopback that the config speaks https to, asked for in plain http.
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        try config.replacingOccurrences(of: "\"http://\(registryHost!)\"]", with: "\"http://\(registryHost!)\", \"registry.example\"]")
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(session.configFile, 0o600), 0)
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("\"registry.example\"]"))
        let afterEdit = try XCTUnwrap(try reply(try get(registryHost))["Secret"], "the edited config claims the registry still")
        XCTAssertEqual(afterEdit, try session.authhelper(["token", "--resource", resource]).stdoutLine)
        let plain = try get("http://registry.example")
        XCTAssertEqual(plain.status, 1)
        XCTAssertTrue(plain.stdout.contains("goes over https only"), plain.stdout)
        XCTAssertFalse(plain.stdout.contains("Secret"), plain.stdout)
        let plainWarm = try ProcessRunner.run(
            lone + "/docker-credential-authhelper", ["get"], environment: session.environment, stdin: "http://registry.example")
        XCTAssertEqual(plainWarm.status, 69, "the front hands it over: \(plainWarm.stdout)")
    }

    func testWithoutASessionTheReasonGoesToStdoutAndNobodyIsAsked() throws {
        try loginClaimingTheRegistry()
        XCTAssertEqual(try session.authhelper(["logout"]).status, 0)
        let result = try get(registryHost)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("authhelper login"), "the reason on the protocol's channel: \(result.stdout)")
        XCTAssertFalse(result.stdout.contains("\"Secret\""), result.stdout)
    }

    func testStoreRefusesAndChangesNothing() throws {
        try loginClaimingTheRegistry()
        XCTAssertEqual(try get(registryHost).status, 0)
        let before = try snapshot(session.root.path)
        let store = try ProcessRunner.run(
            helper, ["store"], environment: session.environment,
            stdin: #"{"ServerURL":"\#(registryHost!)","Username":"someone","Secret":"a-registry-password-0123456789"}"#)
        XCTAssertEqual(store.status, 1)
        XCTAssertTrue(
            store.stdout.contains("keeps no registry passwords") && store.stdout.contains("authhelper login --registry"), store.stdout)
        XCTAssertEqual(try snapshot(session.root.path), before, "not a byte changed under the user's folders")
    }

    func testEraseDropsTheCachedTokenOnlyAndTheNextGetRefreshes() throws {
        try loginClaimingTheRegistry()
        let first = try XCTUnwrap(try reply(try get(registryHost))["Secret"])
        let refreshes = try server.counter("refreshes")
        let erase = try ProcessRunner.run(helper, ["erase"], environment: session.environment, stdin: registryHost)
        XCTAssertEqual(erase.status, 0, erase.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.cacheDirectory + "/default"), "the runtime cache's copy is gone")
        XCTAssertNil(try storedSession()?["access_token"], "and the store's copy")
        XCTAssertNotNil(try storedRefreshToken(), "the session stays")
        let second = try XCTUnwrap(try reply(try get(registryHost))["Secret"])
        XCTAssertNotEqual(second, first)
        XCTAssertEqual(try server.counter("refreshes"), refreshes + 1)
    }

    /// `<token>` as the user name makes docker spend the Secret itself as an identity token: it is
    /// never answered, from the config's registry_username (78 naming the key) or a login name.
    func testDockersIdentityTokenMarkerIsNeverTheUserName() throws {
        try loginClaimingTheRegistry()
        XCTAssertEqual(try reply(try get(registryHost))["Username"], "demo")
        let written = try String(contentsOfFile: session.configFile, encoding: .utf8)

        try written.replacingOccurrences(of: "registries = ", with: "registry_username = \"<token>\"\nregistries = ")
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        for result in [try get(registryHost), try ProcessRunner.run(helper, ["list"], environment: session.environment, stdin: "")] {
            XCTAssertEqual(result.status, 1, result.stdout)
            XCTAssertTrue(result.stdout.contains("registry_username may not be <token>"), result.stdout)
            XCTAssertFalse(result.stdout.contains("\"Username\""), result.stdout)
        }
        assertFails(try session.authhelper(["status"]), status: 78, naming: "config.toml:", "registry_username")

        // A login name that is the marker (a device or browser login's userinfo name never is).
        try written.replacingOccurrences(of: "username = \"demo\"", with: "username = \"<token>\"")
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let byLoginName = try get(registryHost)
        XCTAssertEqual(byLoginName.status, 1, byLoginName.stdout)
        XCTAssertTrue(byLoginName.stdout.contains("Set registry_username"), byLoginName.stdout)
        XCTAssertFalse(byLoginName.stdout.contains("\"Username\""), byLoginName.stdout)
    }

    func testListNamesEveryClaimedRegistryAndVersionAnswers() throws {
        try loginClaimingTheRegistry(extra: ["--registry", "ghcr.io"])
        let list = try ProcessRunner.run(helper, ["list"], environment: session.environment, stdin: "")
        XCTAssertEqual(list.status, 0, list.stdout)
        let names = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: String])
        XCTAssertEqual(names, [registryHost!: "demo", "ghcr.io": "demo"])
        let version = try ProcessRunner.run(helper, ["version"], environment: session.environment)
        XCTAssertTrue(version.stdout.hasPrefix("docker-credential-authhelper (authhelper) "), version.stdout)
    }

    func testARegistryClaimedByTwoProfilesIsAConfigurationError() throws {
        try loginClaimingTheRegistry()
        let second = try session.authhelper(
            ["login", "--profile", "other", "--server", server.url, "--username", "demo", "--password-stdin", "--registry", registryHost],
            stdin: "demo-password\n")
        assertFails(second, status: 64, naming: registryHost, "'default'")
        var config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        config += "\n[profiles.other]\nserver = \"\(server.url)\"\nusername = \"demo\"\nregistries = [\"\(registryHost!)\"]\n"
        try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let result = try get(registryHost)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("'default' and 'other'"), result.stdout)
    }

    /// Tools keep what `get` returned for a whole push: a token with less than 300 s left (of a
    /// longer lifetime) is refreshed first; concurrent gets on an expired token make one refresh.
    func testATokenNearExpiryIsRefreshedAndAConcurrentBurstMakesOneRefresh() throws {
        // The file store, whose copy of the access token the test can age as the cache's.
        try loginClaimingTheRegistry(extra: [])
        XCTAssertEqual(try session.authhelper(["logout"]).status, 0)
        try login(extra: ["--registry", registryHost], environment: ["AUTHHELPER_STORE": "file"])
        let callers = try (0..<30).map { _ in
            try ProcessRunner.start(helper, ["get"], environment: session.environment, stdin: registryHost)
        }
        let secrets = try Set(callers.map { try XCTUnwrap(try reply($0.wait())["Secret"]) })
        XCTAssertEqual(secrets.count, 1, "every caller got the one refreshed token")
        XCTAssertEqual(try server.counter("refreshes"), 1)

        // The token ages to 200 s left of its 3600: enough for a header, not for a registry.
        let now = Int(Date().timeIntervalSince1970)
        let entry = session.cacheDirectory + "/default"
        var lines = try String(contentsOfFile: entry, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        lines[2] = String(now + 200)
        lines[3] = String(now - 3400)
        try lines.joined(separator: "\n").write(toFile: entry, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(entry, 0o600), 0)
        let stored = try XCTUnwrap(
            FileManager.default.enumerator(atPath: session.root.path)?.compactMap { $0 as? String }.first {
                $0.hasSuffix("default.secret.json")
            })
        var document = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: session.root.path + "/" + stored))) as? [String: Any])
        // The file holds the session document as a string (FileSecretStore).
        var inner = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try XCTUnwrap(document["session"] as? String).utf8)) as? [String: Any])
        inner["access_token_expires_at"] = now + 200
        inner["access_token_obtained_at"] = now - 3400
        document["session"] = String(decoding: try JSONSerialization.data(withJSONObject: inner), as: UTF8.self)
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: session.root.path + "/" + stored))
        XCTAssertEqual(chmod(session.root.path + "/" + stored, 0o600), 0)
        XCTAssertEqual(try session.authhelper(["token"]).stdoutLine, lines[4], "200 s left is enough for a header")
        XCTAssertNotEqual(try reply(try get(registryHost))["Secret"], lines[4], "not for a registry")
        XCTAssertEqual(try server.counter("refreshes"), 2)
    }

    /// A warm `get` is answered by the front alone: a copy of it with no authhelper-full beside it.
    func testAWarmGetIsAnsweredByTheFront() throws {
        try loginClaimingTheRegistry()
        let full = try reply(try get(registryHost))
        let lone = session.root.path + "/lone"
        try FileManager.default.createDirectory(atPath: lone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Products.authhelper, toPath: lone + "/authhelper")
        try FileManager.default.createSymbolicLink(
            atPath: lone + "/docker-credential-authhelper", withDestinationPath: lone + "/authhelper")
        let warm = try ProcessRunner.run(
            lone + "/docker-credential-authhelper", ["get"], environment: session.environment, stdin: registryHost)
        XCTAssertEqual(try reply(warm), full)
        let viaCommand = try ProcessRunner.run(
            lone + "/authhelper", ["docker-credential", "get"], environment: session.environment, stdin: "https://\(registryHost!)/v2/\n")
        XCTAssertEqual(try reply(viaCommand)["Secret"], full["Secret"])
        // What it cannot answer goes on, with the same stdin.
        let unclaimed = try ProcessRunner.run(
            lone + "/docker-credential-authhelper", ["get"], environment: session.environment, stdin: "x.example")
        XCTAssertEqual(unclaimed.status, 69, "handed over: \(unclaimed.stderr)")
        XCTAssertEqual(try get("x.example").stdout, "credentials not found in native keychain\n")
    }

    func testSkopeoPushesAndPullsThroughTheHelper() throws {
        try loginClaimingTheRegistry()
        let folder = session.root.path + "/images"
        let made = try ProcessRunner.run(
            "/usr/bin/python3", [repositoryRoot + "/Tests/Servers/make_oci_image.py", folder + "/source", "1.0"], environment: [:])
        XCTAssertEqual(made.status, 0, made.stderr)
        let auth = folder + "/auth.json"
        try #"{"credHelpers": {"\#(registryHost!)": "authhelper"}}"#.write(toFile: auth, atomically: true, encoding: .utf8)
        var environment = session.environment
        environment["PATH"] = bin + ":/usr/bin:/bin"
        let image = "docker://\(registryHost!)/team/app:1.0"
        let push = try ProcessRunner.run(
            "/usr/bin/skopeo", ["copy", "--dest-tls-verify=false", "--authfile", auth, "oci:\(folder)/source:1.0", image],
            environment: environment)
        XCTAssertEqual(push.status, 0, push.stderr)
        let inspect = try ProcessRunner.run(
            "/usr/bin/skopeo", ["inspect", "--tls-verify=false", "--authfile", auth, image], environment: environment)
        XCTAssertEqual(inspect.status, 0, inspect.stderr)
        XCTAssertTrue(inspect.stdout.contains("\"Name\": \"\(registryHost!)/team/app\""), inspect.stdout)
        let pull = try ProcessRunner.run(
            "/usr/bin/skopeo", ["copy", "--src-tls-verify=false", "--authfile", auth, image, "oci:\(folder)/pulled:1.0"],
            environment: environment)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        // Without the helper the registry refuses: the helper is what got them in.
        let anonymous = try ProcessRunner.run(
            "/usr/bin/skopeo", ["inspect", "--tls-verify=false", "--no-creds", image], environment: environment)
        XCTAssertNotEqual(anonymous.status, 0)
        try assertTheTokenServiceSawOnlyAccessTokens()
    }

    /// podman pull and push as the ordinary account the tests run as, its storage under the
    /// test's folder.
    func testPodmanPullsAndPushesThroughTheHelper() throws {
        try loginClaimingTheRegistry()
        let folder = session.root.path + "/images"
        XCTAssertEqual(
            try ProcessRunner.run(
                "/usr/bin/python3", [repositoryRoot + "/Tests/Servers/make_oci_image.py", folder + "/source", "2.0"], environment: [:]
            )
            .status, 0)
        let auth = folder + "/auth.json"
        try #"{"credHelpers": {"\#(registryHost!)": "authhelper"}}"#.write(toFile: auth, atomically: true, encoding: .utf8)
        var environment = session.environment
        environment["PATH"] = bin + ":/usr/bin:/bin"
        let image = "\(registryHost!)/team/app:2.0"
        XCTAssertEqual(
            try ProcessRunner.run(
                "/usr/bin/skopeo",
                ["copy", "--dest-tls-verify=false", "--authfile", auth, "oci:\(folder)/source:2.0", "docker://" + image],
                environment: environment
            ).status, 0)
        let pull = try ProcessRunner.run(
            "/usr/bin/podman",
            [
                "--root", folder + "/podman-root", "--runroot", folder + "/podman-run", "--storage-driver", "vfs", "pull",
                "--tls-verify=false",
                "--authfile", auth, image,
            ], environment: environment)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        // And pushes it back under another tag.
        let push = try ProcessRunner.run(
            "/usr/bin/podman",
            [
                "--root", folder + "/podman-root", "--runroot", folder + "/podman-run", "--storage-driver", "vfs", "push",
                "--tls-verify=false",
                "--authfile", auth, image, "docker://\(registryHost!)/team/app:2.1",
            ], environment: environment)
        XCTAssertEqual(push.status, 0, push.stderr)
        let pushed = try ProcessRunner.run(
            "/usr/bin/skopeo", ["inspect", "--tls-verify=false", "--authfile", auth, "docker://\(registryHost!)/team/app:2.1"],
            environment: environment)
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        try assertTheTokenServiceSawOnlyAccessTokens()
    }

    // MARK: Helpers

    /// What the registry's token service was sent as passwords: access tokens, never a refresh token.
    func assertTheTokenServiceSawOnlyAccessTokens(file: StaticString = #filePath, line: UInt = #line) throws {
        let passwords = try tokenService.stats()["basic_passwords"] as? [String] ?? []
        XCTAssertFalse(passwords.filter { !$0.isEmpty }.isEmpty, "the tools sent the helper's secret", file: file, line: line)
        for password in passwords {
            assertNoSecret(password, try server.issuedRefreshTokens(), "a password sent to the token service", file: file, line: line)
        }
        XCTAssertGreaterThan(try tokenService.counter("tokens_issued"), 0, file: file, line: line)
    }

    /// Every file under `root` with its size and modification time.
    func snapshot(_ root: String) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            guard !relative.hasPrefix("registry/"), !relative.hasPrefix("keyring") else { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + relative)
            files[relative] = "\(attributes?[.size] ?? 0) \((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }
        return files
    }
}
