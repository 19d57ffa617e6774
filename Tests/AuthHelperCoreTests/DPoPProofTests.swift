import AuthHelperCore
import XCTest

/// A DPoP proof's fields as RFC 9449 §4.2 wants them (the development server checks the
/// signature, replay and binding in the integration tests).
final class DPoPProofTests: XCTestCase {
    func parts(_ proof: String) throws -> (header: [String: JSONValue], claims: [String: JSONValue]) {
        let pieces = proof.split(separator: ".").map(String.init)
        XCTAssertEqual(pieces.count, 3)
        func object(_ text: String) throws -> [String: JSONValue] {
            guard case .object(let members) = try JSONValue.parse(try XCTUnwrap(Base64URL.decode(text))) else { return [:] }
            return Dictionary(members, uniquingKeysWith: { $1 })
        }
        XCTAssertEqual(try XCTUnwrap(Base64URL.decode(pieces[2])).count, 64, "r and s, 32 bytes each")
        return (try object(pieces[0]), try object(pieces[1]))
    }

    func testEveryFieldIsThereAndFreshForEachRequest() throws {
        let key = try DPoPKey.generate()
        let proof = try DPoPProof.make(
            key: key, method: "post", url: "https://id.example.com:8443/token?x=1#f", now: 1_800_000_000, nonce: "n-1",
            accessToken: "the-token")
        let (header, claims) = try parts(proof)
        XCTAssertEqual(header["typ"]?.stringValue, "dpop+jwt")
        XCTAssertEqual(header["alg"]?.stringValue, "ES256")
        XCTAssertEqual(header["jwk"]?["kty"]?.stringValue, "EC")
        XCTAssertEqual(header["jwk"]?["crv"]?.stringValue, "P-256")
        XCTAssertNil(header["jwk"]?["d"], "never the private key")
        XCTAssertEqual(claims["htm"]?.stringValue, "POST")
        XCTAssertEqual(claims["htu"]?.stringValue, "https://id.example.com:8443/token", "no query, no fragment")
        XCTAssertEqual(claims["iat"]?.integerValue, 1_800_000_000)
        XCTAssertEqual(claims["nonce"]?.stringValue, "n-1")
        XCTAssertEqual(claims["ath"]?.stringValue, "wqc_z2HfvcrceaELozCy7162b8Cmc17Wm3lrs8l7l64", "base64url(SHA-256(the-token))")
        let second = try parts(try DPoPProof.make(key: key, method: "GET", url: "http://localhost:1/x", now: 1_800_000_000))
        XCTAssertNotEqual(second.claims["jti"]?.stringValue, claims["jti"]?.stringValue, "a fresh jti each time")
        XCTAssertEqual(second.claims["htu"]?.stringValue, "http://localhost:1/x", "the host as written")
        XCTAssertNil(second.claims["ath"])
        XCTAssertEqual(DPoPKey(stored: key.stored), key, "the stored form reads back")
        XCTAssertFalse(String(describing: key).contains(key.stored.prefix(10)), "never printed")
    }
}
