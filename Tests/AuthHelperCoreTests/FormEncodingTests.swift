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
