import AuthHelperCore
import XCTest

/// RFC 7636's proof key: the S256 challenge (from libcrypto) and the verifier's shape.
final class PKCETests: XCTestCase {
    func testTheS256ChallengeIsRFC7636AppendixB() throws {
        let pkce = try PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        XCTAssertEqual(pkce.challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        XCTAssertEqual(PKCE.method, "S256")
    }

    func testAFreshVerifierIs43URLSafeCharactersAndNeverRepeats() throws {
        let first = try PKCE.make()
        let second = try PKCE.make()
        XCTAssertEqual(first.verifier.count, 43, "32 random bytes (RFC 7636 §4.1: 43 to 128 characters)")
        XCTAssertTrue(first.verifier.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, first.verifier)
        XCTAssertNotEqual(first.verifier, second.verifier)
        XCTAssertNotEqual(first.challenge, first.verifier)
    }
}
