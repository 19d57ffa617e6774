import Foundation
import XCTest

/// A test of a tool's credential helper against the real tool: the development server as the
/// login, Tests/Servers/package_registries.py as the registry (HTTPS on loopback; it takes only a
/// live access token), and the profile `default` logged in with the registry's origin in its
/// `also_for`. The tools come from scripts/tool-clients (.build/tool-clients).
class PackageRegistryTestCase: IntegrationTestCase {
    var registries: PythonServerProcess!
    /// The registry's origin, `https://127.0.0.1:PORT`.
    var registry: String { registries.url }
    var registryHost: String { String(registry.dropFirst("https://".count)) }
    /// The certificate authority the tools trust for it.
    var caFile: String!
    /// A folder for the tool's own files (projects, caches, homes).
    var work: String!

    static let toolClients = repositoryRoot + "/.build/tool-clients"

    override func setUpWithError() throws {
        try super.setUpWithError()
        work = session.root.path + "/tool"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        caFile = work + "/registry-ca.pem"
        registries = try PythonServerProcess(script: "package_registries.py", ["--api", server.url, "--cert", caFile])
        try login()
        try addToProfile("also_for = [\"\(registry)\"]")
    }

    override func tearDown() {
        registries?.stop()
        super.tearDown()
    }

    /// A real client from scripts/tool-clients; fails the test naming what to run when it is missing.
    /// - Parameter executable: false for a file that is run by another program (pip's sources).
    func toolClient(_ relativePath: String, executable: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = Self.toolClients + "/" + relativePath
        let present = executable ? FileManager.default.isExecutableFile(atPath: path) : FileManager.default.fileExists(atPath: path)
        guard present else {
            XCTFail("\(path) is missing: scripts/test installs it (scripts/tool-clients)", file: file, line: line)
            throw Prerequisites.Missing(description: path)
        }
        return path
    }

    /// A second profile, `bound`, whose tokens are DPoP-bound, claiming the registry by a longer
    /// path (`path`) than `default` does, so the URL rule picks it there.
    func loginBoundProfile(claiming path: String) throws {
        let login = try session.authhelper(
            [
                "login", "--profile", "bound", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin",
                "--dpop",
            ],
            stdin: "demo-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
        try addToProfile("also_for = [\"\(registry)\(path)\"]", profile: "bound")
    }

    /// The registry's counters for `area` (cargo, go, terraform, pypi) and every Authorization
    /// header it was sent.
    func registryStats() throws -> (accepted: [String: Int], refused: [String: Int], credentials: [String], stepUps: [String: Int]) {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-sf", "--cacert", caFile, registry + "/_test/stats"], environment: [:])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let stats = try XCTUnwrap(json["stats"] as? [String: [String: Int]])
        return (
            stats.mapValues { $0["accepted"] ?? 0 }, stats.mapValues { $0["refused"] ?? 0 }, json["credentials"] as? [String] ?? [],
            stats.mapValues { $0["step_ups"] ?? 0 }
        )
    }

    /// From now on `area` answers a token without `scope` 403 `insufficient_scope` naming it.
    func registryRequires(scope: String, in area: String) throws {
        let result = try ProcessRunner.run(
            "/usr/bin/curl", ["-sf", "--cacert", caFile, "--data-binary", "@-", registry + "/_test/require-scope"], environment: [:],
            stdin: "\(area) \(scope)")
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// The HTTP status of GET `path` at the registry with `authorization` as the whole header value.
    func registryStatus(of path: String, authorization: String) throws -> Int {
        let result = try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "--cacert", caFile, "-o", "/dev/null", "-w", "%{http_code}", "-H", "@-", registry + path],
            environment: [:], stdin: "Authorization: \(authorization)\n")
        return Int(result.stdout) ?? 0
    }

    /// From now on the registry answers 401 for `token`, as for a revoked one.
    func registryRefuses(_ token: String) throws {
        let result = try ProcessRunner.run(
            "/usr/bin/curl", ["-sf", "--cacert", caFile, "--data-binary", "@-", registry + "/_test/refuse"], environment: [:], stdin: token)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// The refresh token never reached the tool or the registry: not in `texts` (what the tool
    /// printed, its files), nor in any credential the registry saw.
    func assertNoRefreshToken(in texts: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let refresh = try XCTUnwrap(try storedRefreshToken(), file: file, line: line)
        assertNoSecret((texts + (try registryStats().credentials)).joined(separator: "\n"), [refresh], "the tool", file: file, line: line)
        for credential in try registryStats().credentials where credential.hasPrefix("Basic ") {
            let decoded = String(decoding: Data(base64Encoded: String(credential.dropFirst(6))) ?? Data(), as: UTF8.self)
            assertNoSecret(decoded, [refresh], "a Basic credential", file: file, line: line)
        }
    }

    /// The current access token of `default`, as `authhelper token` prints it.
    func currentToken() throws -> String {
        let result = try session.authhelper(["token"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    /// A folder with `authhelper` (and any `links`: name → the binary) and nothing else, for a
    /// tool's PATH.
    func binFolder(links: [String] = ["authhelper"]) throws -> String {
        let bin = work + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for name in links where !FileManager.default.fileExists(atPath: bin + "/" + name) {
            try FileManager.default.createSymbolicLink(atPath: bin + "/" + name, withDestinationPath: Products.authhelper)
        }
        return bin
    }
}
