// The libgcrypt functions CCrypto calls (ccrypto.c, transport_session.c), named once, loaded and
// initialised once per process by ccrypto.c. Internal to CCrypto: no gcrypt type leaves it.
#ifndef AUTHHELPER_GCRYPT_FUNCTIONS_H
#define AUTHHELPER_GCRYPT_FUNCTIONS_H

#include <gcrypt.h>

#include "cloader.h"

#define AH_GCRYPT_FUNCTIONS(X)                                                                      \
    X(gcry_check_version) X(gcry_control) X(gcry_md_hash_buffer) X(gcry_cipher_open)                \
    X(gcry_cipher_setkey) X(gcry_cipher_setiv) X(gcry_cipher_authenticate)                          \
    X(gcry_cipher_encrypt) X(gcry_cipher_decrypt) X(gcry_cipher_gettag) X(gcry_cipher_checktag)     \
    X(gcry_cipher_close) X(gcry_sexp_build) X(gcry_sexp_find_token) X(gcry_sexp_nth_data)           \
    X(gcry_sexp_release) X(gcry_pk_genkey) X(gcry_pk_sign) X(gcry_pk_verify) X(gcry_md_open)        \
    X(gcry_md_setkey) X(gcry_md_write) X(gcry_md_read) X(gcry_md_close) X(gcry_mpi_scan)            \
    X(gcry_mpi_print) X(gcry_mpi_new) X(gcry_mpi_set_ui) X(gcry_mpi_release) X(gcry_mpi_powm)       \
    X(gcry_mpi_cmp) X(gcry_mpi_cmp_ui) X(gcry_mpi_sub_ui)

AH_GCRYPT_FUNCTIONS(AH_EXTERN_POINTER)

/// Loads and initialises libgcrypt once; 0 when its functions are ready, else -1 (the reason in
/// ah_crypto_error).
int ah_gcrypt_ready(void);

#endif
