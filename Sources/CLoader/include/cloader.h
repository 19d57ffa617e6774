#ifndef AUTHHELPER_CLOADER_H
#define AUTHHELPER_CLOADER_H

#include <pthread.h>
#include <stddef.h>

/// The one way every C target loads a library at run time: dlopen once (RTLD_LAZY | RTLD_LOCAL),
/// resolve a table of functions by name into typed pointers, remember why it failed. Used by
/// CCurl (libcurl), CLibSecret (GIO, libsecret) and CCrypto (libgcrypt); Swift never sees it.
///
/// Why RTLD_LAZY: every function called is resolved here with dlsym (a missing one fails the
/// load with its name); what the libraries call inside each other is bound on first use, as for a
/// normally linked program — binding it all up front made each call slower (README, "Why the
/// code is shaped this way"). Why RTLD_LOCAL: nothing else in the process needs their symbols.

/// A function to resolve, and where its pointer goes.
typedef struct {
    const char *name;
    void **target;
} ah_symbol;

/// One library: its file, its functions, and the outcome of the one load.
typedef struct {
    const char *file;
    const ah_symbol *symbols;
    size_t count;
    pthread_mutex_t lock;
    int tried;
    void *handle;
    char error[256];
} ah_library;

/// `static ah_library curl = AH_LIBRARY("libcurl.so.4", curl_symbols);`
#define AH_LIBRARY(file, symbols) {file, symbols, sizeof symbols / sizeof *symbols, PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""}

/// `AH_SYMBOL_ENTRY(curl_easy_init, p_easy_init)`: a table entry for a pointer typed from the
/// real header (`static __typeof__(&curl_easy_init) p_easy_init;`), so a signature mismatch is a
/// compile error.
#define AH_SYMBOL_ENTRY(name, target) {#name, (void **) &target}

/// Loads `library` and resolves its functions, once per process whatever the threads; 0, or -1
/// with the reason in `library->error` (and in `message`, when given).
int ah_library_load(ah_library *library, char *message, size_t message_size);

#endif
