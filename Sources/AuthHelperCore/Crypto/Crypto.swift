import CCrypto

/// libgcrypt's SHA-256 and AES-256-GCM (CCrypto), with every C status checked here: callers get
/// bytes or an `AuthError` naming what needed the library.
enum Crypto {
    static let keySize = Int(AH_SEAL_KEY_SIZE)

    /// SHA-256 of `bytes`; `purpose` completes "… needs SHA-256" in the error.
    static func sha256(_ bytes: [UInt8], for purpose: String) throws(AuthError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        guard ah_sha256(bytes, bytes.count, &digest) == 0 else { throw unavailable(purpose) }
        return digest
    }

    /// A fresh random sealing key (the caller wipes it when done: `SecretBytes.wipe`).
    static func newKey(for purpose: String) throws(AuthError) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: keySize)
        guard ah_seal_new_key(&key) == 0 else { throw unavailable(purpose) }
        return key
    }

    /// `plain` sealed under `key`, bound to `context`.
    static func seal(_ plain: [UInt8], key: [UInt8], context: [UInt8], for purpose: String) throws(AuthError) -> [UInt8] {
        guard key.count == keySize else { throw .failure("A sealing key must be \(keySize) bytes.") }
        var sealed = [UInt8](repeating: 0, count: plain.count + Int(AH_SEAL_OVERHEAD))
        let length = ah_seal(key, context, context.count, plain, plain.count, &sealed, sealed.count)
        guard length == sealed.count else { throw unavailable(purpose) }
        return sealed
    }

    /// What `seal` sealed under `key` for `context`; nil when the bytes are not authentic (altered,
    /// another key, another context).
    /// The caller wipes the result when done.
    static func unseal(_ sealed: [UInt8], key: [UInt8], context: [UInt8], for purpose: String) throws(AuthError) -> [UInt8]? {
        guard key.count == keySize else { return nil }
        var plain = [UInt8](repeating: 0, count: max(sealed.count, 1))
        let length = ah_unseal(key, context, context.count, sealed, sealed.count, &plain, plain.count)
        if length == -2 { return nil }
        guard length >= 0 else { throw unavailable(purpose) }
        let opened = Array(plain[0..<length])
        SecretBytes.wipe(&plain)
        return opened
    }

    /// A new P-256 key: the private scalar, the public point's x and y (32 bytes each).
    static func newP256Key(for purpose: String) throws(AuthError) -> (d: [UInt8], x: [UInt8], y: [UInt8]) {
        var d = [UInt8](repeating: 0, count: Int(AH_P256_SIZE))
        var x = d
        var y = d
        guard ah_p256_new_key(&d, &x, &y) == 0 else { throw unavailable(purpose) }
        return (d, x, y)
    }

    /// ES256 over `message` with the private scalar `d`: r then s, 64 bytes.
    static func es256Sign(_ message: [UInt8], d: [UInt8], for purpose: String) throws(AuthError) -> [UInt8] {
        guard d.count == Int(AH_P256_SIZE) else { throw .failure("A P-256 private key must be 32 bytes.") }
        var signature = [UInt8](repeating: 0, count: 2 * Int(AH_P256_SIZE))
        guard ah_es256_sign(d, message, message.count, &signature) == 0 else { throw unavailable(purpose) }
        return signature
    }

    private static func unavailable(_ purpose: String) -> AuthError {
        let reason = ah_crypto_error().map { String(cString: $0) } ?? "it failed"
        return .unavailable("\(purpose) needs libgcrypt.so.20 (Debian: libgcrypt20), which could not be used: \(printable(reason)).")
    }
}
