#include "ccrypto.h"

#include <pthread.h>
#include <string.h>
#include <sys/random.h>

#include "gcrypt_functions.h"

AH_GCRYPT_FUNCTIONS(AH_POINTER)
static const ah_symbol gcrypt_symbols[] = {AH_GCRYPT_FUNCTIONS(AH_TABLE_ENTRY)};
static ah_library gcrypt = AH_LIBRARY("libgcrypt.so.20", gcrypt_symbols);

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static const char *init_error = "libgcrypt.so.20 (Debian: libgcrypt20) cannot be loaded";
static __thread const char *call_error;

// Initialised as libsecret does it, and only if nobody did: libsecret, loaded later in the same
// process for a prompt or a new item, then finds the library ready and leaves it alone. No
// secure memory: where mlock is not allowed, gcrypt would print a warning on stderr.
static void initialise(void) {
    if (ah_library_load(&gcrypt, NULL, 0) != 0) {
        init_error = gcrypt.error;
        return;
    }
    if (!p_gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
        if (!p_gcry_check_version(NULL)) {
            init_error = "libgcrypt.so.20 refused to initialise";
            return;
        }
        p_gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    }
    init_error = NULL;
}

/// Loads once; every entry point starts here. Returns 0 when the library is usable.
int ah_gcrypt_ready(void) {
    pthread_once(&init_once, initialise);
    call_error = init_error;
    return init_error ? -1 : 0;
}

int ah_sha256(const void *data, size_t length, unsigned char digest[32]) {
    if (ah_gcrypt_ready() != 0) return -1;
    p_gcry_md_hash_buffer(GCRY_MD_SHA256, digest, data, length);
    return 0;
}

int ah_seal_new_key(unsigned char key[AH_SEAL_KEY_SIZE]) {
    if (getrandom(key, AH_SEAL_KEY_SIZE, 0) != AH_SEAL_KEY_SIZE) {
        call_error = "the kernel's random source failed";
        return -1;
    }
    return 0;
}

enum { NONCE_SIZE = 12, TAG_SIZE = 16 };

/// An AES-256-GCM handle keyed with `key`, its nonce set and `context` authenticated; NULL on failure.
static gcry_cipher_hd_t gcm(const unsigned char *key, const unsigned char *nonce, const void *context, size_t context_length) {
    gcry_cipher_hd_t handle = NULL;
    if (p_gcry_cipher_open(&handle, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_GCM, 0) != 0) return NULL;
    if (p_gcry_cipher_setkey(handle, key, AH_SEAL_KEY_SIZE) != 0 || p_gcry_cipher_setiv(handle, nonce, NONCE_SIZE) != 0 ||
        p_gcry_cipher_authenticate(handle, context, context_length) != 0) {
        p_gcry_cipher_close(handle);
        return NULL;
    }
    return handle;
}

long ah_seal(const unsigned char key[AH_SEAL_KEY_SIZE], const void *context, size_t context_length, const void *plain,
             size_t length, unsigned char *sealed, size_t capacity) {
    if (ah_gcrypt_ready() != 0) return -1;
    if (capacity < length + AH_SEAL_OVERHEAD) {
        call_error = "the output buffer is too small";
        return -1;
    }
    // A random 96-bit nonce per message: a key seals one profile's few writes per boot, far
    // below the 2^32 messages NIST SP 800-38D allows for random nonces.
    if (getrandom(sealed, NONCE_SIZE, 0) != NONCE_SIZE) {
        call_error = "the kernel's random source failed";
        return -1;
    }
    gcry_cipher_hd_t handle = gcm(key, sealed, context, context_length);
    if (!handle) {
        call_error = "AES-256-GCM could not be set up";
        return -1;
    }
    int failed = p_gcry_cipher_encrypt(handle, sealed + NONCE_SIZE, length, plain, length) != 0 ||
                 p_gcry_cipher_gettag(handle, sealed + NONCE_SIZE + length, TAG_SIZE) != 0;
    p_gcry_cipher_close(handle);
    if (failed) {
        call_error = "AES-256-GCM encryption failed";
        return -1;
    }
    return (long)(length + AH_SEAL_OVERHEAD);
}

long ah_unseal(const unsigned char key[AH_SEAL_KEY_SIZE], const void *context, size_t context_length,
               const unsigned char *sealed, size_t length, unsigned char *plain, size_t capacity) {
    if (ah_gcrypt_ready() != 0) return -1;
    if (length < AH_SEAL_OVERHEAD) return -2;
    size_t plain_length = length - AH_SEAL_OVERHEAD;
    if (capacity < plain_length) {
        call_error = "the output buffer is too small";
        return -1;
    }
    gcry_cipher_hd_t handle = gcm(key, sealed, context, context_length);
    if (!handle) {
        call_error = "AES-256-GCM could not be set up";
        return -1;
    }
    int failed = p_gcry_cipher_decrypt(handle, plain, plain_length, sealed + NONCE_SIZE, plain_length) != 0;
    int authentic = !failed && p_gcry_cipher_checktag(handle, sealed + NONCE_SIZE + plain_length, TAG_SIZE) == 0;
    p_gcry_cipher_close(handle);
    if (!authentic) {
        // Nothing unauthenticated is handed out.
        memset(plain, 0, plain_length);
        return -2;
    }
    return (long)plain_length;
}

const char *ah_crypto_error(void) { return call_error; }

/// The value of `token` in `sexp` as exactly `size` bytes, big-endian: libgcrypt writes numbers
/// without leading zeros (or with one sign byte); a JWK and a JWS want them fixed-width.
static int fixed_width(gcry_sexp_t sexp, const char *token, unsigned char *out, size_t size) {
    gcry_sexp_t found = p_gcry_sexp_find_token(sexp, token, 0);
    if (!found) return -1;
    size_t length = 0;
    const char *data = p_gcry_sexp_nth_data(found, 1, &length);
    int status = -1;
    if (data) {
        while (length > size && *data == 0) {
            data++;
            length--;
        }
        if (length <= size) {
            memset(out, 0, size - length);
            memcpy(out + size - length, data, length);
            status = 0;
        }
    }
    p_gcry_sexp_release(found);
    return status;
}

int ah_p256_new_key(unsigned char d[AH_P256_SIZE], unsigned char x[AH_P256_SIZE], unsigned char y[AH_P256_SIZE]) {
    if (ah_gcrypt_ready() != 0) return -1;
    gcry_sexp_t parameters = NULL, key = NULL;
    unsigned char point[1 + 2 * AH_P256_SIZE];
    int status = -1;
    call_error = "libgcrypt could not make a P-256 key";
    if (p_gcry_sexp_build(&parameters, NULL, "(genkey (ecc (curve \"NIST P-256\")))") == 0 && p_gcry_pk_genkey(&key, parameters) == 0 &&
        fixed_width(key, "d", d, AH_P256_SIZE) == 0 && fixed_width(key, "q", point, sizeof point) == 0 && point[0] == 0x04) {
        memcpy(x, point + 1, AH_P256_SIZE);
        memcpy(y, point + 1 + AH_P256_SIZE, AH_P256_SIZE);
        call_error = NULL;
        status = 0;
    }
    memset(point, 0, sizeof point);
    p_gcry_sexp_release(parameters);
    p_gcry_sexp_release(key);
    return status;
}

int ah_es256_sign(const unsigned char d[AH_P256_SIZE], const void *message, size_t length, unsigned char signature[2 * AH_P256_SIZE]) {
    if (ah_gcrypt_ready() != 0) return -1;
    unsigned char digest[32];
    p_gcry_md_hash_buffer(GCRY_MD_SHA256, digest, message, length);
    gcry_sexp_t key = NULL, data = NULL, result = NULL;
    int status = -1;
    call_error = "libgcrypt could not sign with the P-256 key";
    // RFC 6979: a deterministic nonce, so no weak random source can leak the key through a signature.
    if (p_gcry_sexp_build(&key, NULL, "(private-key (ecc (curve \"NIST P-256\") (d %b)))", (int)AH_P256_SIZE, d) == 0 &&
        p_gcry_sexp_build(&data, NULL, "(data (flags rfc6979) (hash sha256 %b))", (int)sizeof digest, digest) == 0 &&
        p_gcry_pk_sign(&result, data, key) == 0 && fixed_width(result, "r", signature, AH_P256_SIZE) == 0 &&
        fixed_width(result, "s", signature + AH_P256_SIZE, AH_P256_SIZE) == 0) {
        call_error = NULL;
        status = 0;
    }
    p_gcry_sexp_release(key);
    p_gcry_sexp_release(data);
    p_gcry_sexp_release(result);
    return status;
}

int ah_hmac_sha256(const void *key, size_t key_length, const void *data, size_t length, unsigned char mac[32]) {
    if (ah_gcrypt_ready() != 0) return -1;
    gcry_md_hd_t md = NULL;
    call_error = "libgcrypt could not compute an HMAC";
    if (p_gcry_md_open(&md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC) != 0) return -1;
    int status = -1;
    if (p_gcry_md_setkey(md, key, key_length) == 0) {
        p_gcry_md_write(md, data, length);
        const unsigned char *out = p_gcry_md_read(md, GCRY_MD_SHA256);
        if (out) {
            memcpy(mac, out, 32);
            call_error = NULL;
            status = 0;
        }
    }
    p_gcry_md_close(md);
    return status;
}

int ah_es256_verify(const unsigned char x[AH_P256_SIZE], const unsigned char y[AH_P256_SIZE], const void *message, size_t length,
                    const unsigned char signature[2 * AH_P256_SIZE]) {
    if (ah_gcrypt_ready() != 0) return -1;
    unsigned char digest[32];
    p_gcry_md_hash_buffer(GCRY_MD_SHA256, digest, message, length);
    unsigned char point[1 + 2 * AH_P256_SIZE];
    point[0] = 0x04;  // uncompressed (SEC 1 §2.3.3)
    memcpy(point + 1, x, AH_P256_SIZE);
    memcpy(point + 1 + AH_P256_SIZE, y, AH_P256_SIZE);
    gcry_sexp_t key = NULL, data = NULL, sig = NULL;
    int status = -1;
    call_error = "libgcrypt could not read the P-256 key or the signature";
    if (p_gcry_sexp_build(&key, NULL, "(public-key (ecc (curve \"NIST P-256\") (q %b)))", (int)sizeof point, point) == 0 &&
        p_gcry_sexp_build(&data, NULL, "(data (flags raw) (value %b))", (int)sizeof digest, digest) == 0 &&
        p_gcry_sexp_build(&sig, NULL, "(sig-val (ecdsa (r %b) (s %b)))", (int)AH_P256_SIZE, signature, (int)AH_P256_SIZE,
                     signature + AH_P256_SIZE) == 0) {
        call_error = NULL;
        status = p_gcry_pk_verify(sig, data, key) == 0 ? 0 : -2;
    }
    p_gcry_sexp_release(key);
    p_gcry_sexp_release(data);
    p_gcry_sexp_release(sig);
    return status;
}
