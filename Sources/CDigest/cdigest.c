#include "cdigest.h"

#include <dlfcn.h>
#include <pthread.h>

// SHA256() is OpenSSL's one-shot digest; deprecated in 3.0 in favour of EVP_Digest, but still
// exported. EVP_Digest takes the same arguments plus an EVP_MD, so use it: it is the API 3.x keeps.
typedef const void *(*evp_sha256_fn)(void);
typedef int (*evp_digest_fn)(const void *, size_t, unsigned char *, unsigned int *, const void *, void *);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static evp_sha256_fn p_evp_sha256;
static evp_digest_fn p_evp_digest;
static const char *load_error;

static void load(void) {
    void *library = dlopen("libcrypto.so.3", RTLD_LAZY | RTLD_LOCAL);
    if (!library) {
        load_error = dlerror();
        return;
    }
    p_evp_sha256 = (evp_sha256_fn) dlsym(library, "EVP_sha256");
    p_evp_digest = (evp_digest_fn) dlsym(library, "EVP_Digest");
    if (!p_evp_sha256 || !p_evp_digest) load_error = "libcrypto.so.3 lacks EVP_sha256 or EVP_Digest";
}

int ah_sha256(const void *data, size_t length, unsigned char digest[32]) {
    pthread_once(&once, load);
    if (load_error) return -1;
    unsigned int written = 0;
    if (p_evp_digest(data, length, digest, &written, p_evp_sha256(), NULL) != 1 || written != 32) return -1;
    return 0;
}

const char *ah_digest_error(void) { return load_error; }
