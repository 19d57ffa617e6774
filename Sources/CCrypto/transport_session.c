#include "transport_session.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>

#include "gcrypt_functions.h"

// RFC 2409 §6.2, the Second Oakley Group: the group the Secret Service's "ietf1024" names. Generator 2.
static const unsigned char modp1024_prime[128] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34,
    0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1, 0x29, 0x02, 0x4E, 0x08, 0x8A, 0x67, 0xCC, 0x74,
    0x02, 0x0B, 0xBE, 0xA6, 0x3B, 0x13, 0x9B, 0x22, 0x51, 0x4A, 0x08, 0x79, 0x8E, 0x34, 0x04, 0xDD,
    0xEF, 0x95, 0x19, 0xB3, 0xCD, 0x3A, 0x43, 0x1B, 0x30, 0x2B, 0x0A, 0x6D, 0xF2, 0x5F, 0x14, 0x37,
    0x4F, 0xE1, 0x35, 0x6D, 0x6D, 0x51, 0xC2, 0x45, 0xE4, 0x85, 0xB5, 0x76, 0x62, 0x5E, 0x7E, 0xC6,
    0xF4, 0x4C, 0x42, 0xE9, 0xA6, 0x37, 0xED, 0x6B, 0x0B, 0xFF, 0x5C, 0xB6, 0xF4, 0x06, 0xB7, 0xED,
    0xEE, 0x38, 0x6B, 0xFB, 0x5A, 0x89, 0x9F, 0xA5, 0xAE, 0x9F, 0x24, 0x11, 0x7C, 0x4B, 0x1F, 0xE6,
    0x49, 0x28, 0x66, 0x51, 0xEC, 0xE6, 0x53, 0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

// The private exponent: 256 bits from the kernel's random source. Twice the strength this 1024-bit
// group offers (about 80 bits; RFC 3526 §8 asks for an exponent of at least twice the strength),
// and a quarter of the full-width exponent libsecret draws, which makes this side's two
// exponentiations about four times cheaper.
enum { PRIVATE_EXPONENT_BYTES = 32 };
static gcry_mpi_t private_exponent;

static gcry_mpi_t mpi_from_bytes(const unsigned char *bytes, size_t length) {
    gcry_mpi_t value = NULL;
    return p_gcry_mpi_scan(&value, GCRYMPI_FMT_USG, bytes, length, NULL) == 0 ? value : NULL;
}

/// Writes `value` big-endian into exactly `size` bytes (leading zeros kept); 0 when it fits.
static int mpi_to_bytes(gcry_mpi_t value, unsigned char *bytes, size_t size) {
    unsigned char buffer[sizeof modp1024_prime];
    size_t written = 0;
    if (p_gcry_mpi_print(GCRYMPI_FMT_USG, buffer, sizeof buffer, &written, value) != 0 || written > size) return -1;
    memset(bytes, 0, size - written);
    memcpy(bytes + size - written, buffer, written);
    explicit_bzero(buffer, sizeof buffer);
    return 0;
}

static void release_wiped(gcry_mpi_t value) {
    if (!value) return;
    p_gcry_mpi_set_ui(value, 0);
    p_gcry_mpi_release(value);
}

transport_status transport_begin(unsigned char public_key[TRANSPORT_PUBLIC_KEY_MAX], size_t *length) {
    unsigned char random_bytes[PRIVATE_EXPONENT_BYTES];
    if (getrandom(random_bytes, sizeof random_bytes, 0) != (ssize_t) sizeof random_bytes) return TRANSPORT_REFUSED;
    transport_status status = transport_begin_with_exponent(random_bytes, sizeof random_bytes, public_key, length);
    explicit_bzero(random_bytes, sizeof random_bytes);
    return status;
}

transport_status transport_begin_with_exponent(const unsigned char *exponent, size_t exponent_length,
                                               unsigned char public_key[TRANSPORT_PUBLIC_KEY_MAX], size_t *length) {
    if (ah_gcrypt_ready() != 0) return TRANSPORT_NO_LIBRARY;
    release_wiped(private_exponent);
    private_exponent = mpi_from_bytes(exponent, exponent_length);
    if (!private_exponent || p_gcry_mpi_cmp_ui(private_exponent, 1) <= 0) return TRANSPORT_REFUSED;
    gcry_mpi_t prime = mpi_from_bytes(modp1024_prime, sizeof modp1024_prime);
    gcry_mpi_t generator = p_gcry_mpi_set_ui(NULL, 2);
    gcry_mpi_t public_value = p_gcry_mpi_new(1024);
    p_gcry_mpi_powm(public_value, generator, private_exponent, prime);
    int failed = p_gcry_mpi_print(GCRYMPI_FMT_USG, public_key, TRANSPORT_PUBLIC_KEY_MAX, length, public_value) != 0;
    p_gcry_mpi_release(public_value);
    p_gcry_mpi_release(generator);
    p_gcry_mpi_release(prime);
    return failed ? TRANSPORT_REFUSED : TRANSPORT_OK;
}

/// HKDF-SHA256 (RFC 5869) with no salt (so a zero key of hash length) and no info, to 16 bytes:
/// one extract and one expand step, as HMAC-SHA256.
static int hkdf_sha256(const unsigned char *input, size_t input_length, unsigned char key[TRANSPORT_KEY_SIZE]) {
    static const unsigned char zero_salt[32];
    static const unsigned char first_block = 0x01;
    unsigned char pseudorandom_key[32];
    gcry_md_hd_t hmac;
    if (p_gcry_md_open(&hmac, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC) != 0) return -1;
    p_gcry_md_setkey(hmac, zero_salt, sizeof zero_salt);
    p_gcry_md_write(hmac, input, input_length);
    memcpy(pseudorandom_key, p_gcry_md_read(hmac, GCRY_MD_SHA256), sizeof pseudorandom_key);
    p_gcry_md_close(hmac);
    if (p_gcry_md_open(&hmac, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC) != 0) return -1;
    p_gcry_md_setkey(hmac, pseudorandom_key, sizeof pseudorandom_key);
    p_gcry_md_write(hmac, &first_block, 1);
    memcpy(key, p_gcry_md_read(hmac, GCRY_MD_SHA256), TRANSPORT_KEY_SIZE);
    p_gcry_md_close(hmac);
    explicit_bzero(pseudorandom_key, sizeof pseudorandom_key);
    return 0;
}

transport_status transport_finish(const unsigned char *peer, size_t peer_length, unsigned char key[TRANSPORT_KEY_SIZE]) {
    if (ah_gcrypt_ready() != 0 || !private_exponent || peer_length == 0 || peer_length > sizeof modp1024_prime) return TRANSPORT_REFUSED;
    gcry_mpi_t prime = mpi_from_bytes(modp1024_prime, sizeof modp1024_prime);
    gcry_mpi_t peer_value = mpi_from_bytes(peer, peer_length);
    gcry_mpi_t largest = p_gcry_mpi_new(1024);
    p_gcry_mpi_sub_ui(largest, prime, 2);
    transport_status status = TRANSPORT_REFUSED;
    // 0, 1 and p−1 (and anything outside the group) would make the shared value guessable.
    if (peer_value && p_gcry_mpi_cmp_ui(peer_value, 1) > 0 && p_gcry_mpi_cmp(peer_value, largest) <= 0) {
        gcry_mpi_t shared = p_gcry_mpi_new(1024);
        p_gcry_mpi_powm(shared, peer_value, private_exponent, prime);
        unsigned char shared_bytes[sizeof modp1024_prime];
        if (mpi_to_bytes(shared, shared_bytes, sizeof shared_bytes) == 0 && shared_bytes[0] != 0
            && hkdf_sha256(shared_bytes, sizeof shared_bytes, key) == 0) {
            status = TRANSPORT_OK;
        }
        explicit_bzero(shared_bytes, sizeof shared_bytes);
        release_wiped(shared);
    }
    release_wiped(private_exponent);
    private_exponent = NULL;
    p_gcry_mpi_release(largest);
    if (peer_value) p_gcry_mpi_release(peer_value);
    p_gcry_mpi_release(prime);
    return status;
}

// No GCRY_*_SECURE flags: gcrypt's secure memory may print a warning where mlock is not allowed,
// and stderr is the user's. The contexts are wiped by gcrypt when closed; our buffers by us.
static gcry_cipher_hd_t aes_cbc(const unsigned char key[TRANSPORT_KEY_SIZE], const unsigned char iv[TRANSPORT_IV_SIZE]) {
    gcry_cipher_hd_t cipher = NULL;
    if (p_gcry_cipher_open(&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC, 0) != 0) return NULL;
    if (p_gcry_cipher_setkey(cipher, key, TRANSPORT_KEY_SIZE) != 0 || p_gcry_cipher_setiv(cipher, iv, TRANSPORT_IV_SIZE) != 0) {
        p_gcry_cipher_close(cipher);
        return NULL;
    }
    return cipher;
}

transport_status transport_decrypt(const unsigned char key[TRANSPORT_KEY_SIZE], const unsigned char *iv, size_t iv_length,
                                   const unsigned char *cipher_text, size_t cipher_length,
                                   char **plain, size_t *plain_length) {
    *plain = NULL;
    if (ah_gcrypt_ready() != 0 || iv_length != TRANSPORT_IV_SIZE || cipher_length == 0 || cipher_length % 16 != 0) return TRANSPORT_REFUSED;
    gcry_cipher_hd_t cipher = aes_cbc(key, iv);
    if (!cipher) return TRANSPORT_REFUSED;
    unsigned char *buffer = malloc(cipher_length + 1);
    if (buffer) transport_keep_in_memory(buffer, cipher_length + 1);
    int decrypted = buffer && p_gcry_cipher_decrypt(cipher, buffer, cipher_length, cipher_text, cipher_length) == 0;
    p_gcry_cipher_close(cipher);
    if (!decrypted) {
        transport_wipe_free(buffer, cipher_length + 1);
        return TRANSPORT_REFUSED;
    }
    // PKCS#7: the last byte says how many bytes of padding there are, each of that value.
    size_t padding = buffer[cipher_length - 1];
    int padded = padding >= 1 && padding <= 16;
    for (size_t i = 0; padded && i < padding; i++) padded = buffer[cipher_length - 1 - i] == padding;
    if (!padded) {
        transport_wipe_free(buffer, cipher_length + 1);
        return TRANSPORT_REFUSED;
    }
    *plain_length = cipher_length - padding;
    buffer[*plain_length] = '\0';
    *plain = (char *) buffer;
    return TRANSPORT_OK;
}

transport_status transport_encrypt(const unsigned char key[TRANSPORT_KEY_SIZE], const char *plain, size_t plain_length,
                                   unsigned char iv[TRANSPORT_IV_SIZE], unsigned char **cipher_text, size_t *cipher_length) {
    *cipher_text = NULL;
    if (ah_gcrypt_ready() != 0 || getrandom(iv, TRANSPORT_IV_SIZE, 0) != TRANSPORT_IV_SIZE) return TRANSPORT_REFUSED;
    size_t padding = 16 - plain_length % 16;
    size_t length = plain_length + padding;
    unsigned char *buffer = malloc(length);
    if (!buffer) return TRANSPORT_REFUSED;
    transport_keep_in_memory(buffer, length);
    memcpy(buffer, plain, plain_length);
    memset(buffer + plain_length, (int) padding, padding);
    gcry_cipher_hd_t cipher = aes_cbc(key, iv);
    int encrypted = cipher && p_gcry_cipher_encrypt(cipher, buffer, length, NULL, 0) == 0;  // in place
    if (cipher) p_gcry_cipher_close(cipher);
    if (!encrypted) {
        transport_wipe_free(buffer, length);
        return TRANSPORT_REFUSED;
    }
    *cipher_text = buffer;
    *cipher_length = length;
    return TRANSPORT_OK;
}

void transport_wipe_free(void *buffer, size_t length) {
    if (!buffer) return;
    explicit_bzero(buffer, length);
    munlock(buffer, length);
    free(buffer);
}

void transport_abandon(void) {
    release_wiped(private_exponent);
    private_exponent = NULL;
}

int transport_holds_exponent(void) { return private_exponent != NULL; }

void transport_keep_in_memory(const void *buffer, size_t length) {
    // RLIMIT_MEMLOCK (64 KiB or more for a user) easily holds the few small buffers; a refusal
    // only means the kernel may swap them.
    (void) mlock(buffer, length);
}
