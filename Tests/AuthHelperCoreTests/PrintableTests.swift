import AuthHelperCore
import XCTest

final class PrintableTests: XCTestCase {
    func testPrintableEscapesControlCharacters() {
        XCTAssertEqual(printable("a\nb\u{1b}"), "a\\nb\\x1b")
    }
}
