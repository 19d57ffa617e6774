#ifndef AUTHHELPER_CDIGEST_H
#define AUTHHELPER_CDIGEST_H

#include <stddef.h>

/// SHA-256 from OpenSSL's libcrypto, loaded with dlopen on first use. Only the browser login
/// needs a digest (the PKCE S256 challenge, RFC 7636 §4.2), so `header` and every other call pay
/// nothing for it; libcrypto.so.3 is on every machine with libcurl (libssl3 brings it).
///
/// Writes 32 bytes to `digest`. Returns 0, or -1 when libcrypto cannot be loaded.
int ah_sha256(const void *data, size_t length, unsigned char digest[32]);

/// Why the last ah_sha256 failed (dlerror's text), or NULL.
const char *ah_digest_error(void);

#endif
