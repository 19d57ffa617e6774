import AuthHelperCore
import XCTest

final class JSONTests: XCTestCase {
    func testParsesTheSeedResponse() throws {
        let json = try JSONValue.parse(#"{"access_token":"a.b.c","refresh_token":"d.e.f","token_type":"bearer","expires_in":3600}"#)
        XCTAssertEqual(json["access_token"]?.stringValue, "a.b.c")
        XCTAssertEqual(json["expires_in"]?.integerValue, 3600)
    }

    func testEscapesAndSurrogatesRoundTrip() throws {
        let json = try JSONValue.parse(#"{"s":"a\"b\\c\n\u00e9\ud83d\ude00/"}"#)
        XCTAssertEqual(json["s"]?.stringValue, "a\"b\\c\né😀/")
        XCTAssertEqual(try JSONValue.parse(json.serialized), json)
    }

    func testRejectsMalformedDocuments() {
        for text in ["", "{", "{\"a\":}", "[1,]", "22222222e2244444", "-1e400", "{\"a\":1}x", "\"\\ud800\"", "01", "1.", "tru", "\"a\u{01}\"", "{'a':1}"] {
            XCTAssertThrowsError(try JSONValue.parse(text), "accepted \(text.debugDescription)")
        }
    }

    func testRejectsInvalidUTF8() {
        XCTAssertThrowsError(try JSONValue.parse([0x22, 0xFF, 0xFE, 0x22]))
    }

    func testBoundsNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSONValue.parse(deep))
    }

    func testSerializesControlCharactersEscaped() {
        XCTAssertEqual(JSONValue.string("a\u{01}\t").serialized, #""a\u0001\t""#)
        XCTAssertEqual(JSONValue.object([("n", .number(42)), ("b", .bool(true)), ("z", .null)]).serialized, #"{"n":42,"b":true,"z":null}"#)
    }
}

final class FormEncodingTests: XCTestCase {
    func testReservedCharactersSpacesAndNonASCII() {
        XCTAssertEqual(FormEncoding.encodeComponent("p&ss=wo+rd%; é ✓"), "p%26ss%3Dwo%2Brd%25%3B+%C3%A9+%E2%9C%93")
        XCTAssertEqual(FormEncoding.encode([("grant_type", "password"), ("username", "a@b.c")]), "grant_type=password&username=a%40b.c")
    }

    func testUnreservedCharactersStayAsTheyAre() {
        XCTAssertEqual(FormEncoding.encodeComponent("AZaz09*-._"), "AZaz09*-._")
    }
}

final class JWTTests: XCTestCase {
    func testReadsExpFromTheSeedExample() {
        let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiOTIyMWZmYzktNjQwZi00MzcyLTg2ZDMtY2U2NDJjYmE1NjAzIiwiYXVkIjoiZmFzdGFwaS11c2VyczphdXRoIiwiZXhwIjoxNTcxNTA0MTkzfQ.M10bjOe45I5Ncu_uXvOmVV8QxnL-nZfcH96U90JaocI"
        XCTAssertEqual(JWT.expiry(of: token), 1_571_504_193)
    }

    func testNonJWTsHaveNoExpiry() {
        for token in ["", "opaque", "a.b", "a.!!!.c", "a.\(Base64URL.encode(Array(#"{"exp":"soon"}"#.utf8))).c", "a.b.c.d"] {
            XCTAssertNil(JWT.expiry(of: token), token)
        }
    }

    func testBase64URLRoundTrip() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
            XCTAssertEqual(Base64URL.decode(Base64URL.encode(bytes)), bytes)
        }
        XCTAssertNil(Base64URL.decode("a"))
    }
}

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
