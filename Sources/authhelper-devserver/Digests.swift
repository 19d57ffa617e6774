import CCrypto
import Foundation

/// The development server's hashes and signatures, through CCrypto (libgcrypt, loaded with dlopen
/// as authhelper loads it) rather than a second crypto library the build would compile: SHA-256
/// (PKCE, `ath`, thumbprints), HMAC-SHA-256 (its signed tokens) and ES256 verification (DPoP
/// proofs). A failure of libgcrypt itself stops the server: it cannot check anything without it.
enum Digests {
    static func sha256(_ data: Data) -> Data {
        var digest = [UInt8](repeating: 0, count: 32)
        let status = data.withUnsafeBytes { ah_sha256($0.baseAddress, $0.count, &digest) }
        precondition(status == 0, failure("SHA-256"))
        return Data(digest)
    }

    static func hmacSHA256(_ data: Data, key: Data) -> Data {
        var mac = [UInt8](repeating: 0, count: 32)
        let status = key.withUnsafeBytes { keyBytes in
            data.withUnsafeBytes { ah_hmac_sha256(keyBytes.baseAddress, keyBytes.count, $0.baseAddress, $0.count, &mac) }
        }
        precondition(status == 0, failure("HMAC-SHA-256"))
        return Data(mac)
    }

    /// Whether `signature` (r ‖ s) is the P-256 key (x, y)'s ES256 signature of `message`.
    static func es256Verifies(x: Data, y: Data, message: Data, signature: Data) -> Bool {
        guard x.count == 32, y.count == 32, signature.count == 64 else { return false }
        let (xs, ys, sig) = (Array(x), Array(y), Array(signature))
        let status = message.withUnsafeBytes { ah_es256_verify(xs, ys, $0.baseAddress, $0.count, sig) }
        precondition(status != -1, failure("ES256"))
        return status == 0
    }

    /// A new random key of `count` bytes, from the kernel's random source.
    static func randomKey(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static func failure(_ what: String) -> String {
        "\(what) failed: \(ah_crypto_error().map { String(cString: $0) } ?? "libgcrypt failed")"
    }
}
