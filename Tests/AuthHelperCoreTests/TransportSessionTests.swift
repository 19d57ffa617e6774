import CCrypto
import XCTest

/// The Secret Service transport encryption (Sources/CCrypto/transport_session.c) against
/// answers computed independently: Python's pow/hmac/hashlib for the exchange and HKDF, the
/// `openssl enc -aes-128-cbc` command for the cipher text. The interoperation itself is the
/// integration tests' (SecretBusTests, against gnome-keyring and KeePassXC).
final class TransportSessionTests: XCTestCase {
    /// The exponent 01 02 … 20 (32 bytes).
    let exponent: [UInt8] = Array(1...32)
    /// 2^exponent mod p, p the 1024-bit MODP group of RFC 2409 §6.2.
    let expectedPublic = TransportSessionTests.bytes(
        "457120764f3a1e6fd58103e41a4093a6c8bc1d97cb8759de41c21afdd2d3048a5ef3d88ce24aa6ba4fe30bcfb0b0f75a"
            + "bf1a8aeaff3723f1bf53740c902005e1199fabad7c538e94a7034fd585339a02f3634893f748929d2a7257643e3981"
            + "30541ae64124c17d4507a97f1cbebeb7b933642b8df479eb59e36cfeffbf1671dd")
    /// 2^0x1234567 mod p: the service's public value, giving a shared value that starts with 0x42.
    let peer = TransportSessionTests.bytes(
        "c02e8fbdf4720638d4bdf19cbe82a7dd38dd71e231be2f4624c3923a72a6252e8746a3844c29014cb4358c2a67e55a1c"
            + "1f676096ee6892794d21f9f67b3656ba546cdb61067924e801e5fedca4a0e2ef2d3185f59238b3c662687d137cf52f"
            + "e5b41cb689ac48049aa0673439b61962d94407b4ef3b03cd2b51e05b4e6d170eda")
    /// HKDF-SHA256 of that shared value, 16 bytes.
    let expectedKey = TransportSessionTests.bytes("556e78b2c49bb378b3f01d3b5650ff51")
    /// 2^1784 mod p: with this exponent the shared value's first byte is zero.
    let peerGivingALeadingZero = TransportSessionTests.bytes(
        "d17aa5cc40e020352b9a7aa5d2b49c145c5f3ce3eeedf089dcaa8eadf352a0a269ef4994aba8bd10d578db12810414c6"
            + "568f688c8c09edfcb2136bdce5b3167d064300814d44bc29c9664fcdd94465db0a2953c1eb0f1050b5ae5413e8924"
            + "9e0bffa08916ee74de9940d1c3fc2e6f554274362ce8894478bbc86c5817647b088")

    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    func begin(with exponent: [UInt8]) -> (transport_status, [UInt8]) {
        var publicKey = [UInt8](repeating: 0, count: Int(TRANSPORT_PUBLIC_KEY_MAX))
        var length = 0
        let status = transport_begin_with_exponent(exponent, exponent.count, &publicKey, &length)
        return (status, Array(publicKey.prefix(length)))
    }

    func finish(with peer: [UInt8]) -> (transport_status, [UInt8]) {
        var key = [UInt8](repeating: 0, count: Int(TRANSPORT_KEY_SIZE))
        let status = transport_finish(peer, peer.count, &key)
        return (status, key)
    }

    func testTheExchangeGivesThePublicValueAndKeyComputedIndependently() {
        let (begun, publicKey) = begin(with: exponent)
        XCTAssertEqual(begun, TRANSPORT_OK)
        XCTAssertEqual(publicKey, expectedPublic)
        let (finished, key) = finish(with: peer)
        XCTAssertEqual(finished, TRANSPORT_OK)
        XCTAssertEqual(key, expectedKey)
    }

    /// Implementations disagree about a shared value with a leading zero (padded or not before
    /// hashing): such an exchange is refused, and the caller leaves the read to libsecret.
    func testASharedValueWithALeadingZeroIsRefused() {
        XCTAssertEqual(begin(with: exponent).0, TRANSPORT_OK)
        XCTAssertEqual(finish(with: peerGivingALeadingZero).0, TRANSPORT_REFUSED)
    }

    /// The private exponent lives only as long as the exchange: finished, refused, or abandoned
    /// when OpenSession fails, it is gone (wiped), not kept until the next exchange.
    func testThePrivateExponentDoesNotOutliveItsExchange() {
        XCTAssertEqual(begin(with: exponent).0, TRANSPORT_OK)
        XCTAssertEqual(transport_holds_exponent(), 1)
        transport_abandon()
        XCTAssertEqual(transport_holds_exponent(), 0, "abandoned: released")
        XCTAssertEqual(finish(with: peer).0, TRANSPORT_REFUSED, "nothing left to finish with")
        XCTAssertEqual(begin(with: exponent).0, TRANSPORT_OK)
        XCTAssertEqual(finish(with: peer).0, TRANSPORT_OK)
        XCTAssertEqual(transport_holds_exponent(), 0, "finished: released")
        XCTAssertEqual(begin(with: exponent).0, TRANSPORT_OK)
        XCTAssertEqual(finish(with: [1]).0, TRANSPORT_REFUSED)
        XCTAssertEqual(transport_holds_exponent(), 0, "refused: released")
    }

    func testAPublicValueOutsideTheGroupIsRefused() {
        let prime = Self.bytes(
            "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404dd"
                + "ef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
                + "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff")
        var primeMinusOne = prime
        primeMinusOne[primeMinusOne.count - 1] -= 1
        let aboveThePrime = [UInt8](repeating: 0xFF, count: 128)
        // An odd exponent, so that (p − 1)^x is p − 1 itself, whose first byte is not zero: the
        // range check alone must refuse it, not the leading-zero rule.
        let oddExponent = Array(exponent.dropLast()) + [0x21]
        let values: [(String, [UInt8])] = [
            ("0", [0]), ("1", [1]), ("p − 1", primeMinusOne), ("p", prime), ("2^1024 − 1", aboveThePrime),
        ]
        for (name, value) in values {
            XCTAssertEqual(begin(with: oddExponent).0, TRANSPORT_OK)
            XCTAssertEqual(finish(with: value).0, TRANSPORT_REFUSED, "the public value \(name)")
        }
    }

    func testDecryptionMatchesOpenSSLAndRefusesBadPadding() throws {
        let iv = Self.bytes("000102030405060708090a0b0c0d0e0f")
        let cipher = Self.bytes("9cb60711004a519a355ebd32b2b589a7f9cf5b09cd61c7a353a2f4c68cd6c155")
        var plain: UnsafeMutablePointer<CChar>?
        var length = 0
        XCTAssertEqual(transport_decrypt(expectedKey, iv, iv.count, cipher, cipher.count, &plain, &length), TRANSPORT_OK)
        let text = try XCTUnwrap(plain)
        XCTAssertEqual(String(cString: text), #"{"refresh_token":"r1"}"#)
        XCTAssertEqual(length, 22)
        transport_wipe_free(text, length + 1)
        var wrongKey = expectedKey
        wrongKey[0] ^= 1
        XCTAssertEqual(transport_decrypt(wrongKey, iv, iv.count, cipher, cipher.count, &plain, &length), TRANSPORT_REFUSED)
        XCTAssertNil(plain)
    }

    func testEncryptionPadsUnderAFreshIVAndDecryptsBack() throws {
        let secret = #"{"refresh_token":"exactly 32 bytes of secret…"}"#
        var seenIVs: Set<[UInt8]> = []
        for _ in 0..<2 {
            var iv = [UInt8](repeating: 0, count: Int(TRANSPORT_IV_SIZE))
            var cipher: UnsafeMutablePointer<UInt8>?
            var cipherLength = 0
            let utf8 = Array(secret.utf8)
            XCTAssertEqual(transport_encrypt(expectedKey, secret, utf8.count, &iv, &cipher, &cipherLength), TRANSPORT_OK)
            let encrypted = try XCTUnwrap(cipher)
            XCTAssertEqual(cipherLength, (utf8.count / 16 + 1) * 16, "PKCS#7 always adds a block's worth or less")
            var plain: UnsafeMutablePointer<CChar>?
            var length = 0
            XCTAssertEqual(transport_decrypt(expectedKey, iv, iv.count, encrypted, cipherLength, &plain, &length), TRANSPORT_OK)
            XCTAssertEqual(plain.map { String(cString: $0) }, secret)
            transport_wipe_free(plain, length + 1)
            transport_wipe_free(encrypted, cipherLength)
            seenIVs.insert(iv)
        }
        XCTAssertEqual(seenIVs.count, 2, "each secret gets its own IV")
    }
}
