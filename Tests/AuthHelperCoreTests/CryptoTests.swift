import XCTest

@testable import AuthHelperCore

/// libgcrypt through CCrypto: SHA-256 and the AES-256-GCM sealing the kernel store relies on.
final class CryptoTests: XCTestCase {
    let context = Array("authhelper:default:demo@https://api.example.com".utf8)

    func testSHA256IsTheStandardOne() throws {
        let digest = try Crypto.sha256(Array("abc".utf8), for: "a test")
        XCTAssertEqual(
            digest.map { String(format: "%02x", $0) }.joined(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testASealedDocumentOpensOnlyWithItsKeyAndContextAndUnaltered() throws {
        let key = try Crypto.newKey(for: "a test")
        let other = try Crypto.newKey(for: "a test")
        XCTAssertEqual(key.count, 32)
        XCTAssertNotEqual(key, other)
        let document = Array(#"{"version":1,"refresh_token":"r-secret"}"#.utf8)
        let sealed = try Crypto.seal(document, key: key, context: context, for: "a test")
        XCTAssertEqual(sealed.count, document.count + 28, "a 12-byte nonce and a 16-byte tag")
        XCTAssertNil(sealed.firstRange(of: Array("r-secret".utf8)), "the plain text is not in the sealed bytes")
        XCTAssertNotEqual(try Crypto.seal(document, key: key, context: context, for: "a test"), sealed, "a fresh nonce per seal")
        XCTAssertEqual(try Crypto.unseal(sealed, key: key, context: context, for: "a test"), document)
        XCTAssertNil(try Crypto.unseal(sealed, key: other, context: context, for: "a test"), "another key")
        XCTAssertNil(try Crypto.unseal(sealed, key: key, context: Array("authhelper:other".utf8), for: "a test"), "another context")
        for index in [0, 12, sealed.count - 1] {
            var altered = sealed
            altered[index] ^= 1
            XCTAssertNil(try Crypto.unseal(altered, key: key, context: context, for: "a test"), "byte \(index) altered")
        }
        XCTAssertNil(try Crypto.unseal(Array(sealed.prefix(20)), key: key, context: context, for: "a test"), "cut short")
    }

    func testTheSealedFileOfAKeyIsNamedPerDescriptionAndMachine() {
        let tag = KernelKeyringStore.fileTag("authhelper:default:demo@https://a.example", machine: "laptop")
        XCTAssertEqual(tag.count, 16)
        XCTAssertEqual(tag, KernelKeyringStore.fileTag("authhelper:default:demo@https://a.example", machine: "laptop"))
        XCTAssertNotEqual(tag, KernelKeyringStore.fileTag("authhelper:default:demo@https://b.example", machine: "laptop"))
        XCTAssertNotEqual(tag, KernelKeyringStore.fileTag("authhelper:default:demo@https://a.example", machine: "build-host"))
    }
}
