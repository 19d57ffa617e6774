import Foundation
import XCTest

/// `authhelper` as cargo's credential provider, driven by real cargo (≥ 1.74, from this
/// machine's rustup toolchain): a loopback sparse registry with `auth-required`.
final class CargoCredentialTests: PackageRegistryTestCase {
    var cargoHome: String { work + "/cargo-home" }

    /// cargo's environment: its own home with `config`, the registry's CA, authhelper on PATH.
    func cargoEnvironment() throws -> [String: String] {
        let rust = try toolClient("rust/bin/cargo")
        var environment = session.environment
        environment["CARGO_HOME"] = cargoHome
        environment["CARGO_HTTP_CAINFO"] = caFile
        environment["CARGO_TERM_COLOR"] = "never"
        environment["CARGO_NET_RETRY"] = "0"
        environment["PATH"] = try binFolder() + ":" + (rust as NSString).deletingLastPathComponent + ":/usr/bin:/bin"
        return environment
    }

    func writeCargoConfig(_ providers: String) throws {
        try FileManager.default.createDirectory(atPath: cargoHome, withIntermediateDirectories: true)
        try """
        [registries.company]
        index = "sparse+\(registry)/cargo/index/"
        \(providers)
        """.write(toFile: cargoHome + "/config.toml", atomically: true, encoding: .utf8)
    }

    /// A crate `hello-crate` to publish, and an app that depends on it.
    func makeProjects() throws {
        for folder in ["hello/src", "app/src"] {
            try FileManager.default.createDirectory(atPath: work + "/" + folder, withIntermediateDirectories: true)
        }
        try """
        [package]
        name = "hello-crate"
        version = "1.0.0"
        edition = "2021"
        description = "a crate in a registry that needs a token"
        license = "MIT"
        publish = ["company"]
        """.write(toFile: work + "/hello/Cargo.toml", atomically: true, encoding: .utf8)
        try #"pub fn greeting() -> &'static str { "hello from the registry" }"#
            .write(toFile: work + "/hello/src/lib.rs", atomically: true, encoding: .utf8)
        try """
        [package]
        name = "app"
        version = "0.1.0"
        edition = "2021"
        [dependencies]
        hello-crate = { version = "1.0.0", registry = "company" }
        """.write(toFile: work + "/app/Cargo.toml", atomically: true, encoding: .utf8)
        try #"fn main() { println!("{}", hello_crate::greeting()); }"#.write(
            toFile: work + "/app/src/main.rs", atomically: true, encoding: .utf8)
    }

    func cargo(_ arguments: [String], in folder: String, environment: [String: String]) throws -> ProcessResult {
        try ProcessRunner.run(try toolClient("rust/bin/cargo"), arguments, environment: environment, workingDirectory: work + "/" + folder)
    }

    func testCargoPublishesToAndBuildsFromARegistryThatNeedsAToken() throws {
        try writeCargoConfig(#"credential-provider = ["authhelper"]"#)
        try makeProjects()
        let environment = try cargoEnvironment()
        let publish = try cargo(
            ["publish", "--registry", "company", "--allow-dirty", "--no-verify"], in: "hello", environment: environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        XCTAssertTrue(publish.stderr.contains("Published hello-crate v1.0.0"), publish.stderr)
        let run = try cargo(["run", "--quiet"], in: "app", environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "hello from the registry\n")
        let stats = try registryStats()
        XCTAssertGreaterThanOrEqual(stats.accepted["cargo"] ?? 0, 3, "index, publish and download took the token")
        XCTAssertTrue(stats.credentials.contains("Bearer " + (try currentToken())), "cargo sent `Bearer TOKEN` as the whole value")
        try assertNoRefreshToken(in: [publish.stdout, publish.stderr, run.stderr] + filesText(under: cargoHome))
    }

    /// With the provider words after the name (`--profile default`) the named profile answers;
    /// a profile that does not claim the registry sends cargo on to its next provider.
    func testARegistryNoProfileClaimsFallsThroughToCargosOwnToken() throws {
        let token = try currentToken()
        try removeFromConfig(linesStartingWith: "also_for")
        try writeCargoConfig(#"credential-provider = ["authhelper", "--profile", "default"]"#)
        try makeProjects()
        let direct = try session.authhelper(
            ["--cargo-plugin"],
            stdin: #"{"v":1,"registry":{"index-url":"sparse+\#(registry)/cargo/index/"},"kind":"get","operation":"read","args":[]}"# + "\n")
        XCTAssertEqual(direct.stdout, "{\"v\":[1]}\n{\"Err\":{\"kind\":\"url-not-supported\"}}\n", direct.stderr)
        // cargo's own token provider, after authhelper: it is asked only because authhelper said "not mine".
        try writeCargoConfig("[registry]\n" + #"global-credential-providers = ["cargo:token", "authhelper"]"#)
        var environment = try cargoEnvironment()
        environment["CARGO_REGISTRIES_COMPANY_TOKEN"] = "Bearer " + token
        let publish = try cargo(
            ["publish", "--registry", "company", "--allow-dirty", "--no-verify"], in: "hello", environment: environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        XCTAssertGreaterThan(try registryStats().accepted["cargo"] ?? 0, 0)
    }

    func testADPoPProfileIsRefusedWithTheReason() throws {
        try loginBoundProfile(claiming: "/cargo")
        try writeCargoConfig(#"credential-provider = ["authhelper"]"#)
        try makeProjects()
        let publish = try cargo(
            ["publish", "--registry", "company", "--allow-dirty", "--no-verify"], in: "hello", environment: try cargoEnvironment())
        XCTAssertNotEqual(publish.status, 0)
        XCTAssertTrue(publish.stderr.contains("DPoP-bound") && publish.stderr.contains("cargo's credential protocol"), publish.stderr)
        XCTAssertEqual(try registryStats().accepted["cargo"] ?? 0, 0)
    }

    func testLoginIsRefusedAndLogoutForgetsOnlyTheCachedToken() throws {
        let before = try currentToken()
        let request = { (kind: String) in
            #"{"v":1,"registry":{"index-url":"sparse+\#(self.registry)/cargo/index/"},"kind":"\#(kind)","args":[]}"# + "\n"
        }
        let login = try session.authhelper(["--cargo-plugin"], stdin: request("login"))
        XCTAssertTrue(login.stdout.contains(#""kind":"operation-not-supported""#), login.stdout)
        XCTAssertTrue(login.stdout.contains("authhelper login"), login.stdout)
        let logout = try session.authhelper(["--cargo-plugin"], stdin: request("logout"))
        XCTAssertEqual(logout.stdout, "{\"v\":[1]}\n{\"Ok\":{\"kind\":\"logout\"}}\n")
        XCTAssertTrue(logout.stderr.contains("its session stays"), logout.stderr)
        XCTAssertNotNil(try storedRefreshToken(), "the session stays")
        XCTAssertNotEqual(try currentToken(), before, "the next token is a new one")
    }
}
