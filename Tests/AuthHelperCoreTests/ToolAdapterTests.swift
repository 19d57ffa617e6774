import AuthHelperCore
import XCTest

/// The tool adapters' protocols against the in-memory store: what cargo, Go, Terraform, pip/uv
/// and an MCP client read. The profile's server is http://127.0.0.1:9 (loopback: plain http may
/// carry tokens there).
final class ToolAdapterTests: XCTestCase {
    let now: Int64 = 1_000_000

    func harness() throws -> CoreHarness {
        try CoreHarness(session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
    }

    func testCargoAnswersGetWithTheWholeAuthorizationValueAndOthersWithItsErrors() throws {
        let harness = try harness()  // kept: its folder goes when it does
        let cargo = CargoCredential(context: harness.context())
        let get = cargo.answer(#"{"v":1,"registry":{"index-url":"sparse+http://127.0.0.1:9/index/"},"kind":"get","operation":"read"}"#)
        XCTAssertEqual(
            get.reply,
            #"{"Ok":{"kind":"get","token":"Bearer a1","cache":"expires","expiration":\#(now - 10 + 3600 - 60),"operation_independent":true}}"#
        )
        let other = cargo.answer(#"{"v":1,"registry":{"index-url":"sparse+https://crates.example.com/"},"kind":"get"}"#)
        XCTAssertEqual(other.reply, #"{"Err":{"kind":"url-not-supported"}}"#)
        let words = cargo.answer(#"{"v":1,"registry":{"index-url":"sparse+http://127.0.0.1:9/"},"kind":"get","args":["--frobnicate"]}"#)
        XCTAssertTrue(words.reply.hasPrefix(#"{"Err":{"kind":"other","message":"The credential-provider words --frobnicate"#), words.reply)
        XCTAssertTrue(cargo.answer("not json").reply.contains(#""kind":"other""#))
        let named = cargo.answer(#"{"v":1,"registry":{"index-url":"sparse+http://127.0.0.1:9/"},"kind":"get","args":["--profile","nope"]}"#)
        XCTAssertEqual(named.reply, #"{"Err":{"kind":"url-not-supported"}}"#, "the named profile does not claim it")
    }

    func testGoAuthPrintsBlocksThatEndInABlankLine() throws {
        let harness = try harness()
        XCTAssertEqual(try GoAuth(context: harness.context()).answer(url: nil), "", "a plain-http server is no https prefix")
        let lines = "also_for = [\"https://goproxy.example.com/mods\"]"
        let withProxy = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now, profileLines: lines)
        XCTAssertEqual(
            try GoAuth(context: withProxy.context()).answer(url: nil), "https://goproxy.example.com/mods\n\nAuthorization: Bearer a1\n\n")
        XCTAssertEqual(
            try GoAuth(context: withProxy.context(input: "HTTP/1.1 404 Not Found\n\n")).answer(
                url: "https://goproxy.example.com/mods/x/@v/list"),
            "https://goproxy.example.com/mods\n\nAuthorization: Bearer a1\n\n")
        XCTAssertEqual(try GoAuth(context: withProxy.context()).answer(url: "https://other.example.com/x"), "")
    }

    func testTerraformAnswersATokenOrAnEmptyObjectAndRefusesStore() throws {
        let harness = try harness()
        XCTAssertEqual(
            try TerraformCredential(context: harness.context()).answer(operation: "get", host: "127.0.0.1:9"), "{}\n", "https only")
        let lines = "also_for = [\"https://app.terraform.example\"]"
        let tf = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 7200), now: now, profileLines: lines)
        XCTAssertEqual(
            try TerraformCredential(context: tf.context()).answer(operation: "get", host: "app.terraform.example"), "{\"token\":\"a1\"}\n")
        XCTAssertThrowsError(try TerraformCredential(context: tf.context()).answer(operation: "store", host: "app.terraform.example"))
        XCTAssertThrowsError(try TerraformCredential(context: tf.context()).answer(operation: "get", host: "app.terraform.example/path"))
        XCTAssertThrowsError(try TerraformCredential(context: tf.context()).answer(operation: "frob", host: "app.terraform.example"))
    }

    func testKeyringAnswersPipAndUvAndNothingForAnotherIndex() throws {
        let harness = try harness()
        let keyring = KeyringCredential(context: harness.context())
        XCTAssertEqual(try keyring.answer(["get", "http://127.0.0.1:9/simple/", "__token__"]), "a1\n")
        XCTAssertEqual(try keyring.answer(["--mode", "creds", "get", "http://127.0.0.1:9/simple/"]), "demo\na1\n")
        XCTAssertNil(try keyring.answer(["get", "https://pypi.example.com/simple/", "x"]))
        XCTAssertNil(try keyring.answer(["del", "http://127.0.0.1:9/simple/", "x"]))
        XCTAssertThrowsError(try keyring.answer(["get"]))
    }

    func testMCPHeadersAreOneJSONObjectAndAnUnclaimedServerIsAnError() throws {
        let harness = try harness()
        XCTAssertEqual(
            try MCPHeaders(context: harness.context()).answer(url: "http://127.0.0.1:9/mcp"), "{\"Authorization\":\"Bearer a1\"}\n")
        XCTAssertThrowsError(try MCPHeaders(context: harness.context()).answer(url: "https://mcp.example.com/mcp")) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 77)
        }
        XCTAssertThrowsError(try MCPHeaders(context: harness.context()).answer(url: nil)) {
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 64)
        }
    }

    /// A session the server has ended is renewed only where a person asked for the token: a
    /// tool runs its helper with pipes, so the helper says which login renews it (77), even with
    /// a person at the terminal.
    func testAToolsHelperNeverPrompts() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now)
        harness.transport.answer(401, #"{"detail":"invalid refresh token"}"#)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a9", refresh: "r9", expiresIn: 3600))
        let person = ScriptedPerson(["pw"])
        XCTAssertThrowsError(try MCPHeaders(context: harness.context(prompter: person)).answer(url: "http://127.0.0.1:9/mcp")) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 77)
        }
        XCTAssertEqual(harness.transport.sent.count, 1, "the refresh only; no login with a typed password")
    }
}
