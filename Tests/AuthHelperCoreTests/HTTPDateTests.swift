import AuthHelperCore
import XCTest

/// doctor's reading of a server's `Date`: an IMF-fixdate in range, or nil — never a trap on
/// what a hostile server sends.
final class HTTPDateTests: XCTestCase {
    func testAnIMFFixdateIsItsUnixTime() {
        XCTAssertEqual(HTTPDate.seconds("Sun, 06 Nov 1994 08:49:37 GMT"), 784_111_777)
        XCTAssertEqual(HTTPDate.seconds(" Thu, 01 Jan 1970 00:00:00 GMT\r\n"), 0)
    }

    func testFieldsOutOfTheirRangesAreNoDate() {
        for text in [
            "Sun, 06 Nov -2147483000 08:49:37 GMT",  // year - 1900 trapped in Int32
            "Sun, 06 Nov 2147483647 08:49:37 GMT", "Sun, 06 Nov 0 08:49:37 GMT", "Sun, 06 Nov 10000 08:49:37 GMT",
            "Sun, 2147483647 Nov 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 06 Nov 1994 -1:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC", "", "GMT",
        ] {
            XCTAssertNil(HTTPDate.seconds(text), text)
        }
    }
}
