#ifndef AUTHHELPER_CCRYPTO_H
#define AUTHHELPER_CCRYPTO_H

#include <stddef.h>

/// The one crypto library authhelper uses: libgcrypt (libsecret's own), loaded with dlopen on
/// first use and initialised once, here. The token path of a warm call never loads it; the
/// browser login (SHA-256 for PKCE), the kernel store (sealed sessions) and the direct keyring
/// read (the Secret Service's transport session, transport_session.h, which CLibSecret asks)
/// do. No gcrypt type leaves this module: Swift sees bytes and lengths only.
///
/// Every function returns >= 0 on success; -1 when libgcrypt cannot be loaded or fails
/// (ah_crypto_error says why); ah_unseal also -2 when the sealed bytes are not authentic.

/// SHA-256 of `data`: 32 bytes to `digest`.
int ah_sha256(const void *data, size_t length, unsigned char digest[32]);

enum {
    /// AES-256-GCM: a 32-byte key; a sealed message is a 12-byte nonce, the ciphertext and a
    /// 16-byte tag.
    AH_SEAL_KEY_SIZE = 32,
    AH_SEAL_OVERHEAD = 28,
};

/// A new random sealing key, from the kernel's random source.
int ah_seal_new_key(unsigned char key[AH_SEAL_KEY_SIZE]);

/// Seals `plain` under `key` with a fresh random nonce, binding `context` (authenticated, not
/// stored). Writes `length + AH_SEAL_OVERHEAD` bytes to `sealed` (its capacity at least that);
/// returns that length.
long ah_seal(const unsigned char key[AH_SEAL_KEY_SIZE], const void *context, size_t context_length, const void *plain,
             size_t length, unsigned char *sealed, size_t capacity);

/// Opens what ah_seal wrote, under the same key and context: the plain length (written to
/// `plain`), or -2 when the bytes were altered, sealed under another key or for another context.
long ah_unseal(const unsigned char key[AH_SEAL_KEY_SIZE], const void *context, size_t context_length,
               const unsigned char *sealed, size_t length, unsigned char *plain, size_t capacity);

enum { AH_P256_SIZE = 32 };

/// A new P-256 key pair (DPoP, RFC 9449): the private scalar `d` and the public point's `x` and
/// `y`, each 32 bytes big-endian.
int ah_p256_new_key(unsigned char d[AH_P256_SIZE], unsigned char x[AH_P256_SIZE], unsigned char y[AH_P256_SIZE]);

/// ES256 (RFC 7518 §3.4): ECDSA with P-256 over SHA-256 of `message`, deterministic (RFC 6979);
/// the signature as JWS wants it, r then s, 32 bytes each.
int ah_es256_sign(const unsigned char d[AH_P256_SIZE], const void *message, size_t length, unsigned char signature[2 * AH_P256_SIZE]);

/// ES256 verified: whether `signature` (r then s, 32 bytes each) is the P-256 key (x, y)'s over
/// SHA-256 of `message`: 0 when it is, -2 when it is not. For the development server, which checks
/// DPoP proofs as a strict server does.
int ah_es256_verify(const unsigned char x[AH_P256_SIZE], const unsigned char y[AH_P256_SIZE], const void *message, size_t length,
                    const unsigned char signature[2 * AH_P256_SIZE]);

/// HMAC-SHA-256 of `data` under `key` (RFC 2104): 32 bytes to `mac`. For the development
/// server's signed tokens.
int ah_hmac_sha256(const void *key, size_t key_length, const void *data, size_t length, unsigned char mac[32]);

/// Why the last call failed, or NULL.
const char *ah_crypto_error(void);

#endif
