import AuthHelperCore
import XCTest

final class JWTTests: XCTestCase {
    func testReadsExpFromTheSeedExample() {
        let token =
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiOTIyMWZmYzktNjQwZi00MzcyLTg2ZDMtY2U2NDJjYmE1NjAzIiwiYXVkIjoiZmFzdGFwaS11c2VyczphdXRoIiwiZXhwIjoxNTcxNTA0MTkzfQ.M10bjOe45I5Ncu_uXvOmVV8QxnL-nZfcH96U90JaocI"
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
