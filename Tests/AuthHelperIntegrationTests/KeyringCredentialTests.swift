import Foundation
import XCTest

/// authhelper as the `keyring` command of pip and uv (`--keyring-provider subprocess`), driven by
/// real pip (25.3, from its wheel, run by Debian's python3) and real uv (the uv wheel): a loopback
/// PEP 503 index that answers 401 unless the Basic password is a live token.
final class KeyringCredentialTests: PackageRegistryTestCase {
    /// The index URL with a user name: pip asks `keyring` only for a URL that carries one.
    var indexURL: String { "https://oauth2accesstoken@\(registryHost)/pypi/simple/" }

    /// `keyring` (a link to authhelper) first on PATH, nothing of the person's pip configuration.
    func keyringEnvironment() throws -> [String: String] {
        var environment = session.environment
        environment["PATH"] = try binFolder(links: ["keyring"]) + ":/usr/bin:/bin"
        environment["PIP_CONFIG_FILE"] = "/dev/null"
        environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        environment["SSL_CERT_FILE"] = caFile
        environment["UV_CACHE_DIR"] = work + "/uv-cache"
        environment["UV_NO_CONFIG"] = "1"
        return environment
    }

    func pip(_ arguments: [String]) throws -> ProcessResult {
        var environment = try keyringEnvironment()
        environment["PYTHONPATH"] = try toolClient("pip-25.3/pip/__main__.py", executable: false).components(
            separatedBy: "/pip/__main__.py")[0]
        // --use-deprecated=legacy-certs: pip's truststore cannot check a certificate for an IP address.
        return try ProcessRunner.run(
            "/usr/bin/python3",
            [
                "-m", "pip", "install", "--no-cache-dir", "--use-deprecated=legacy-certs", "--cert", caFile, "--keyring-provider",
                "subprocess",
            ]
                + arguments, environment: environment)
    }

    func uv(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            try toolClient("uv-0.13.9/uv-0.13.9.data/scripts/uv"),
            ["pip", "install", "--python", "/usr/bin/python3", "--keyring-provider", "subprocess"] + arguments,
            environment: try keyringEnvironment())
    }

    func testPipInstallsFromAnIndexThatNeedsAToken() throws {
        let target = work + "/pip-target"
        let install = try pip(["--target", target, "--index-url", indexURL, "hello-pkg"])
        XCTAssertEqual(install.status, 0, install.stderr + install.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: target + "/hello_pkg/__init__.py"), install.stdout)
        XCTAssertGreaterThanOrEqual(try registryStats().accepted["pypi"] ?? 0, 2, "the page and the wheel took the token")
        try assertNoRefreshToken(in: [install.stdout, install.stderr] + filesText(under: target))
    }

    func testUvInstallsFromAnIndexThatNeedsAToken() throws {
        let target = work + "/uv-target"
        let install = try uv(["--target", target, "--index-url", indexURL, "hello-pkg"])
        XCTAssertEqual(install.status, 0, install.stderr + install.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: target + "/hello_pkg/__init__.py"), install.stderr)
        XCTAssertGreaterThanOrEqual(try registryStats().accepted["pypi"] ?? 0, 2)
        try assertNoRefreshToken(in: [install.stdout, install.stderr] + filesText(under: target) + filesText(under: work + "/uv-cache"))
    }

    /// The protocol by hand: pip's two-argument get, uv's creds mode (the profile's
    /// registry_username, else its user name), `set` keeps nothing, an unclaimed URL is keyring's
    /// "not found" (exit 1, nothing printed), and pip's HOST:PORT lookup answers the same.
    func testGetCredsSetAndAURLNoProfileClaims() throws {
        let token = try currentToken()
        let get = try session.authhelper(["keyring", "get", registry + "/pypi/simple/", "oauth2accesstoken"])
        XCTAssertEqual(get.status, 0, get.stderr)
        XCTAssertEqual(get.stdout, token + "\n")
        XCTAssertEqual(try session.authhelper(["keyring", "get", registryHost, "oauth2accesstoken"]).stdout, token + "\n")
        XCTAssertEqual(
            try session.authhelper(["keyring", "--mode", "creds", "get", registry + "/pypi/simple/"]).stdout, "demo\n\(token)\n")
        try addToProfile("registry_username = \"__token__\"")
        XCTAssertEqual(
            try session.authhelper(["keyring", "--mode", "creds", "get", registry + "/pypi/simple/"]).stdout, "__token__\n\(token)\n")
        let set = try session.authhelper(["keyring", "set", registry + "/pypi/simple/", "someone"], stdin: "typed-password\n")
        XCTAssertEqual(set.status, 0, set.stderr)
        assertNoSecret(
            session.allFiles().map { String(decoding: $0.contents, as: UTF8.self) }.joined(), ["typed-password"], "authhelper's files")
        let other = try session.authhelper(["keyring", "get", "https://pypi.example.com/simple/", "someone"])
        XCTAssertEqual(other.status, 1)
        XCTAssertEqual(other.stdout, "")
    }

    func testADPoPProfileIsRefusedWithTheReason() throws {
        try loginBoundProfile(claiming: "/pypi")
        let get = try session.authhelper(["keyring", "get", registry + "/pypi/simple/", "oauth2accesstoken"])
        assertFails(get, status: 64, naming: "DPoP-bound", "the keyring command line of pip and uv")
        // pip's second lookup, by HOST:PORT alone, does not say which profile the path chose: not answered.
        let hostOnly = try session.authhelper(["keyring", "get", registryHost, "oauth2accesstoken"])
        XCTAssertEqual(hostOnly.status, 1, hostOnly.stderr)
        XCTAssertEqual(hostOnly.stdout, "")
        let install = try pip(["--target", work + "/pip-target", "--no-input", "--index-url", indexURL, "hello-pkg"])
        XCTAssertNotEqual(install.status, 0)
        XCTAssertEqual(try registryStats().accepted["pypi"] ?? 0, 0)
    }
}
