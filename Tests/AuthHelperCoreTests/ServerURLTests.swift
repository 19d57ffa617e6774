import AuthHelperCore
import XCTest

final class ServerURLTests: XCTestCase {
    func testNormalisesAndKeepsPortAndPrefix() throws {
        let url = try ServerURL(parsing: "HTTPS://API.Example.com:8443/v1/")
        XCTAssertEqual(url.description, "https://api.example.com:8443/v1")
        XCTAssertEqual(url.endpoint("/auth/jwt/login"), "https://api.example.com:8443/v1/auth/jwt/login")
    }

    func testRejectsWhatMustNotBeAServer() {
        for text in ["example.com", "ftp://x", "https://u:p@x", "https://x?a=1", "https://x#f", "https://x:0", "https://", "https://a b"] {
            XCTAssertThrowsError(try ServerURL(parsing: text), text) { error in
                XCTAssertEqual((error as? AuthError)?.exitCode, 64)
            }
        }
    }

    func testPlainHTTPOnlyToLoopbackOrWithConsent() throws {
        XCTAssertNoThrow(try ServerURL(parsing: "http://127.0.0.1:8000").checkTransport(allowInsecureHTTP: false))
        XCTAssertNoThrow(try ServerURL(parsing: "http://localhost").checkTransport(allowInsecureHTTP: false))
        XCTAssertNoThrow(try ServerURL(parsing: "http://[::1]:80").checkTransport(allowInsecureHTTP: false))
        XCTAssertThrowsError(try ServerURL(parsing: "http://api.example.com").checkTransport(allowInsecureHTTP: false))
        XCTAssertNoThrow(try ServerURL(parsing: "http://api.example.com").checkTransport(allowInsecureHTTP: true))
    }
}
