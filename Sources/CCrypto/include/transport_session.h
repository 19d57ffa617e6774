// The Secret Service's transport encryption, "dh-ietf1024-sha256-aes128-cbc-pkcs7" (Secret Service
// API 0.2, "Transfer of Secrets"): a Diffie-Hellman exchange in the 1024-bit MODP group of RFC 2409
// §6.2, HKDF-SHA256 of the shared value without salt or info to a 128-bit AES key, secrets sent as
// AES-128-CBC with PKCS#7 padding. The arithmetic and ciphers are libgcrypt's, the library libsecret
// itself uses, loaded with dlopen. Public only for the unit tests (TransportSessionTests), which
// check the exchange against vectors computed independently; no GLib or gcrypt type appears here.
#ifndef AUTHHELPER_TRANSPORT_SESSION_H
#define AUTHHELPER_TRANSPORT_SESSION_H

#include <stddef.h>

enum { TRANSPORT_PUBLIC_KEY_MAX = 128, TRANSPORT_KEY_SIZE = 16, TRANSPORT_IV_SIZE = 16 };

typedef enum {
    TRANSPORT_OK = 0,
    TRANSPORT_NO_LIBRARY = 1,  ///< libgcrypt.so.20 could not be loaded
    TRANSPORT_REFUSED = 2,     ///< the peer's key or a ciphertext is unusable (see transport_finish)
} transport_status;

/// Starts an exchange: a fresh private exponent, and this side's public value to send in OpenSession.
transport_status transport_begin(unsigned char public_key[TRANSPORT_PUBLIC_KEY_MAX], size_t *length);

/// transport_begin with a given private exponent (big-endian), for tests with known answers.
transport_status transport_begin_with_exponent(const unsigned char *exponent, size_t exponent_length,
                                               unsigned char public_key[TRANSPORT_PUBLIC_KEY_MAX], size_t *length);

/// Completes the exchange with the service's public value and derives the session key.
/// TRANSPORT_REFUSED for a value outside 2 … p−2, and also for a shared value whose first byte is
/// zero (about one exchange in 256). Implementations disagree there: libsecret's libgcrypt backend
/// pads the shared value with zeros to the prime's length before hashing it (egg-dh-libgcrypt.c),
/// as Python's SecretStorage does, but copies of the same code that predate that padding hash it
/// without its leading zeros, and a service may carry such a copy. Only a full-length value means
/// the same key to every service; the caller then uses libsecret, which agrees with the service
/// it was built against by construction.
transport_status transport_finish(const unsigned char *peer, size_t peer_length, unsigned char key[TRANSPORT_KEY_SIZE]);

/// Forgets an exchange that will not be finished (OpenSession failed or was refused): the private
/// exponent is wiped and released now, not kept until the next transport_begin.
void transport_abandon(void);

/// Whether an exchange is under way (a private exponent is held): for the unit tests.
int transport_holds_exponent(void);

/// Keeps `length` bytes at `buffer` out of swap where the system allows it (mlock; best effort,
/// a refusal changes nothing else).
void transport_keep_in_memory(const void *buffer, size_t length);

/// Decrypts and unpads a secret. On TRANSPORT_OK, `*plain` (NUL-terminated, `*plain_length`
/// bytes before the NUL) is to be released with transport_wipe_free.
transport_status transport_decrypt(const unsigned char key[TRANSPORT_KEY_SIZE], const unsigned char *iv, size_t iv_length,
                                   const unsigned char *cipher, size_t cipher_length,
                                   char **plain, size_t *plain_length);

/// Pads and encrypts a secret under a fresh random IV. On TRANSPORT_OK, `*cipher` is to be
/// released with transport_wipe_free.
transport_status transport_encrypt(const unsigned char key[TRANSPORT_KEY_SIZE], const char *plain, size_t plain_length,
                                   unsigned char iv[TRANSPORT_IV_SIZE], unsigned char **cipher, size_t *cipher_length);

/// Overwrites `length` bytes and frees them.
void transport_wipe_free(void *buffer, size_t length);

#endif
