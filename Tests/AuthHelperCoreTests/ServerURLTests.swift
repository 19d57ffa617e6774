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

    func testLoopbackIsDecidedByTheWholeHostNotAPrefix() throws {
        for loopback in ["http://127.0.0.2:9", "http://127.255.255.254", "http://localhost:1", "http://api.localhost", "http://[::1]"] {
            XCTAssertNoThrow(try ServerURL(parsing: loopback).checkTransport(allowInsecureHTTP: false), loopback)
        }
        for remote in [
            "http://127.0.0.1.invalid:8000", "http://127.example.com", "http://127.0.0.1.nip.io", "http://127.0.0", "http://127.0.0.256",
            "http://127.0.0.1.", "http://1127.0.0.1", "http://localhost.example.com", "http://[::2]", "http://0x7f.0.0.1",
        ] {
            XCTAssertThrowsError(try ServerURL(parsing: remote).checkTransport(allowInsecureHTTP: false), remote) { error in
                XCTAssertEqual((error as! AuthError).exitCode, 64)
            }
        }
    }

    func testURLsArePrintableASCII() throws {
        for hostile in [
            "https://login.example.com/\u{9b}31m", "https://login.example.com/\u{202e}x", "https://bücher.example/",
            "https://a.example/\u{1b}[2J",
        ] {
            XCTAssertThrowsError(try ServerURL(parsing: hostile), hostile) { error in
                let message = (error as! AuthError).message
                for raw in ["\u{9b}", "\u{202e}", "\u{1b}"] {
                    XCTAssertFalse(message.contains(raw), "the message is escaped: \(message.debugDescription)")
                }
            }
            XCTAssertThrowsError(try EndpointURL(parsing: hostile), hostile)
        }
        XCTAssertNoThrow(try ServerURL(parsing: "https://xn--bcher-kva.example/"))
    }
}
