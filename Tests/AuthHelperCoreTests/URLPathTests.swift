import AuthHelperCore
import XCTest

final class URLPathTests: XCTestCase {
    func testDotSegmentsAreRemovedAsRFC3986Says() {
        // RFC 3986 §5.2.4's own examples.
        XCTAssertEqual(URLPath.normalized("/a/b/c/./../../g"), "/a/g")
        XCTAssertEqual(URLPath.normalized("mid/content=5/../6"), "/mid/6")
        XCTAssertEqual(URLPath.normalized("/api/../other/repo.git"), "/other/repo.git")
        XCTAssertEqual(URLPath.normalized("/../../etc"), "/etc", "climbing above the root stays at the root")
        XCTAssertEqual(URLPath.normalized("/api/x/.."), "/api/")
    }

    func testEncodedDotsAreDecodedFirst() {
        XCTAssertEqual(URLPath.normalized("/api/%2e%2E/other"), "/other")
        XCTAssertEqual(URLPath.normalized("/api/%2fx"), "/api/%2fx", "an encoded slash is not a separator")
    }

    func testPrefixHoldsOnlyPathsThatStayUnderIt() {
        XCTAssertTrue(URLPath.isWithin("/api/repo.git", prefix: "/api"))
        XCTAssertTrue(URLPath.isWithin("/api", prefix: "/api"))
        XCTAssertTrue(URLPath.isWithin("/api/x/../y", prefix: "/api"))
        XCTAssertFalse(URLPath.isWithin("/api/../other/repo.git", prefix: "/api"))
        XCTAssertFalse(URLPath.isWithin("/api/%2E%2E/other", prefix: "/api"))
        XCTAssertFalse(URLPath.isWithin("/apix/repo.git", prefix: "/api"))
        XCTAssertTrue(URLPath.isWithin("/anything", prefix: ""))
    }
}
