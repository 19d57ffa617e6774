import AuthHelperCore
import XCTest

/// What names an audience: the same resources in any order, the same scope words, are one
/// audience with one cache entry; what RFC 8707 and RFC 6749 do not allow is refused.
final class AudienceTests: XCTestCase {
    func testTheSummaryIsTheSameForTheSameResourcesAndScopeWords() throws {
        let a = try Audience(resources: ["https://b.test/", "https://a.test/", "https://b.test/"], scope: "write  read")
        let b = try Audience(resources: ["https://a.test/", "https://b.test/"], scope: "read write read")
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.summary, "resource=https://a.test/ resource=https://b.test/ scope=read write")
        XCTAssertEqual(a.cacheSuffix, "+" + FNV1a.hex64(a.summary.utf8))
        XCTAssertEqual(a.cacheSuffix.count, 17)
        XCTAssertEqual(try Audience(resources: [], scope: "read").summary, "scope=read")
        XCTAssertTrue(try Audience(resources: [], scope: nil).isProfileDefault)
        XCTAssertEqual(Audience.profileDefault.cacheSuffix, "")
    }

    func testFNV1aMatchesItsPublishedValues() {
        XCTAssertEqual(FNV1a.hex64("".utf8), "cbf29ce484222325")
        XCTAssertEqual(FNV1a.hex64("a".utf8), "af63dc4c8601ec8c")
    }

    func testResourcesMustBeAbsoluteURIsWithoutAFragment() {
        for bad in ["files.example.com", "/api", "https://a.test/#top", "https://a test/", "https:", "1http://a.test/", ""] {
            XCTAssertThrowsError(try Audience(resources: [bad], scope: nil), bad)
        }
        XCTAssertNoThrow(try Audience(resources: ["urn:example:api", "https://a.test/v1?x=1"], scope: nil))
    }

    func testScopeWordsMustBeScopeTokens() {
        for bad in ["", "   ", "read\"", "a\\b", "caf\u{e9}"] {
            XCTAssertThrowsError(try Audience(resources: [], scope: bad), bad)
        }
    }
}
