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
        for text in [
            "", "{", "{\"a\":}", "[1,]", "22222222e2244444", "-1e400", "{\"a\":1}x", "\"\\ud800\"", "01", "1.", "tru", "\"a\u{01}\"",
            "{'a':1}",
        ] {
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
