import AuthHelperCore
import XCTest

final class DiscoveryTests: XCTestCase {
    func testTheDocumentsAreLookedForWhereRFC8414AndOpenIDConnectSay() throws {
        XCTAssertEqual(
            Discovery.documentURLs(for: try ServerURL(parsing: "https://login.example.com/tenant/a")),
            [
                "https://login.example.com/.well-known/oauth-authorization-server/tenant/a",
                "https://login.example.com/tenant/a/.well-known/openid-configuration",
            ])
        XCTAssertEqual(
            Discovery.documentURLs(for: try ServerURL(parsing: "https://login.example.com:8443"))[0],
            "https://login.example.com:8443/.well-known/oauth-authorization-server")
    }

    /// An issuer given without its path (the host alone) finds no metadata: the message says an
    /// issuer's URL often has one, with the usual forms; an issuer with a path is not told so.
    func testAnIssuerWithoutAPathThatPublishesNothingIsToldIssuersOftenHaveOne() throws {
        for (text, hinted) in [("https://login.example.com", true), ("https://login.example.com/o", false)] {
            let transport = ScriptedTransport()
            transport.answer(404, "")
            transport.answer(404, "")
            let discovery = Discovery(transport: transport, diagnostics: Diagnostics(verbose: false, sink: RecordedMessages()))
            XCTAssertThrowsError(try discovery.discover(try ServerURL(parsing: text), allowInsecureHTTP: false)) { error in
                let message = (error as? AuthError)?.message ?? ""
                XCTAssertEqual(message.contains("often has a path (Keycloak: https://HOST/realms/NAME"), hinted, message)
            }
        }
    }

    func testTheIssuerMustBeTheOneAskedFor() throws {
        let issuer = try ServerURL(parsing: "https://login.example.com/o")
        let good =
            #"{"issuer":"https://login.example.com/o","token_endpoint":"https://login.example.com/o/token/","revocation_endpoint":"https://login.example.com/o/revoke/","token_endpoint_auth_methods_supported":["client_secret_basic"]}"#
        let metadata = try ServerMetadata(document: Array(good.utf8), url: "u", expectedIssuer: issuer)
        XCTAssertEqual(metadata.tokenEndpoint.text, "https://login.example.com/o/token/")
        XCTAssertEqual(metadata.revocationEndpoint?.text, "https://login.example.com/o/revoke/")
        XCTAssertEqual(metadata.tokenAuthMethods, ["client_secret_basic"])
        let other = #"{"issuer":"https://evil.example.com/o","token_endpoint":"https://evil.example.com/o/token/"}"#
        XCTAssertThrowsError(try ServerMetadata(document: Array(other.utf8), url: "u", expectedIssuer: issuer)) { error in
            XCTAssertEqual((error as! AuthError).exitCode, 65)
        }
        let noToken = #"{"issuer":"https://login.example.com/o"}"#
        XCTAssertThrowsError(try ServerMetadata(document: Array(noToken.utf8), url: "u", expectedIssuer: issuer))
    }
}
