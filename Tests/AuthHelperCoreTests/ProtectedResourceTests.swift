import AuthHelperCore
import XCTest

/// RFC 9728: where the metadata is looked for, and that the resource it names must be the URL
/// asked (its origin, and a prefix of its path at a segment boundary), else refused.
final class ProtectedResourceTests: XCTestCase {
    func metadata(_ resource: String, servers: [String] = ["https://auth.example.test"], scopes: [String] = ["mcp:tools"]) -> [UInt8] {
        let quoted = { (items: [String]) in items.map { "\"\($0)\"" }.joined(separator: ",") }
        return Array(
            #"{"resource":"\#(resource)","authorization_servers":[\#(quoted(servers))],"scopes_supported":[\#(quoted(scopes))]}"#.utf8)
    }

    func testTheResourceMustBeTheURLsOriginAndAPathPrefix() throws {
        let url = try ServerURL(parsing: "https://api.example.test/mcp/v1")
        for named in ["https://api.example.test/mcp/v1", "https://api.example.test/mcp", "https://api.example.test"] {
            XCTAssertEqual(try ProtectedResource(document: metadata(named), metadataURL: "m", for: url).resource.description, named)
        }
        for named in [
            "https://api.example.test/mc", "https://api.example.test/mcp/v2", "https://other.example.test/mcp/v1",
            "http://api.example.test/mcp/v1", "https://api.example.test:8443/mcp/v1",
        ] {
            XCTAssertThrowsError(try ProtectedResource(document: metadata(named), metadataURL: "m", for: url), named) { error in
                XCTAssertEqual((error as? AuthError)?.exitCode, 65)
                XCTAssertTrue((error as? AuthError)?.message.contains("RFC 9728 §3.3") == true, "\(error)")
            }
        }
    }

    func testADocumentWithoutAnAuthorizationServerIsRefusedAndTheScopesAreTheAPIs() throws {
        let url = try ServerURL(parsing: "https://api.example.test/mcp")
        XCTAssertThrowsError(
            try ProtectedResource(document: metadata("https://api.example.test/mcp", servers: []), metadataURL: "m", for: url))
        let resource = try ProtectedResource(
            document: metadata("https://api.example.test/mcp", scopes: ["a", "b"]), metadataURL: "m", for: url)
        XCTAssertEqual(resource.scopesSupported, ["a", "b"])
        XCTAssertEqual(resource.authorizationServers.map(\.description), ["https://auth.example.test"])
    }

    func testTheWellKnownPathGoesBetweenTheHostAndThePath() throws {
        XCTAssertEqual(
            ProtectedResourceDiscovery.wellKnownURLs(for: try ServerURL(parsing: "https://api.example.test:8443/mcp")),
            [
                "https://api.example.test:8443/.well-known/oauth-protected-resource/mcp",
                "https://api.example.test:8443/.well-known/oauth-protected-resource",
            ])
        XCTAssertEqual(
            ProtectedResourceDiscovery.wellKnownURLs(for: try ServerURL(parsing: "https://api.example.test")),
            ["https://api.example.test/.well-known/oauth-protected-resource"])
    }

    func testTheChallengesMetadataIsReadFirst() throws {
        let transport = ScriptedTransport()
        transport.answer(401, "", dpopNonce: nil, authenticate: #"Bearer resource_metadata="https://api.example.test/meta/mcp""#)
        transport.answer(200, String(decoding: metadata("https://api.example.test/mcp"), as: UTF8.self))
        let resource = try ProtectedResourceDiscovery(transport: transport, diagnostics: Diagnostics(verbose: false))
            .discover(try ServerURL(parsing: "https://api.example.test/mcp"), allowInsecureHTTP: false)
        XCTAssertEqual(transport.sent.map(\.url), ["https://api.example.test/mcp", "https://api.example.test/meta/mcp"])
        XCTAssertEqual(resource.metadataURL, "https://api.example.test/meta/mcp")
        XCTAssertTrue(transport.sent.allSatisfy { request in !request.headers.contains { $0.0 == "Authorization" } }, "no credentials")
    }
}
