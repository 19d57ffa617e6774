import AuthHelperCore
import XCTest

final class FormEncodingTests: XCTestCase {
    func testReservedCharactersSpacesAndNonASCII() {
        XCTAssertEqual(FormEncoding.encodeComponent("p&ss=wo+rd%; é ✓"), "p%26ss%3Dwo%2Brd%25%3B+%C3%A9+%E2%9C%93")
        XCTAssertEqual(FormEncoding.encode([("grant_type", "password"), ("username", "a@b.c")]), "grant_type=password&username=a%40b.c")
    }

    func testUnreservedCharactersStayAsTheyAre() {
        XCTAssertEqual(FormEncoding.encodeComponent("AZaz09*-._"), "AZaz09*-._")
    }
}

/// Decoding a callback's query (the browser login's redirect).
final class FormDecodingTests: XCTestCase {
    func testFieldsArePercentAndPlusDecodedInOrder() {
        let fields = FormEncoding.decode("code=a%2Fb+c&state=x&iss=https%3A%2F%2Fauth.example.com&empty=&bare")
        XCTAssertEqual(fields.map(\.0), ["code", "state", "iss", "empty", "bare"])
        XCTAssertEqual(fields.map(\.1), ["a/b c", "x", "https://auth.example.com", "", ""])
    }

    func testBrokenEscapesAndNonUTF8AreDropped() {
        XCTAssertEqual(FormEncoding.decode("a=%zz&b=%ff&c=1").map(\.0), ["c"])
    }

    func testARoundTripKeepsEveryByte() {
        let value = "ü &=+/?%#\u{1}"
        XCTAssertEqual(FormEncoding.decode(Substring(FormEncoding.encode([("k", value)]))).first?.1, value)
    }
}
