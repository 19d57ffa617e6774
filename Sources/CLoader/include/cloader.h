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
/// normally linked program — binding it all up front (RTLD_NOW) cost 0.9 ms per cache-off call
/// (docs/speed.md, "Why the code is shaped this way"). Why RTLD_LOCAL: nothing else in the
/// process needs their symbols.
///
/// Each library's functions are named once, in an X-macro list (`#define CURL_FUNCTIONS(X)
/// X(curl_easy_init) X(curl_easy_perform) …`), from which AH_POINTER and AH_TABLE_ENTRY make the
/// typed pointers (`p_curl_easy_init`) and the table that resolves them.

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

/// `AH_POINTER(curl_easy_init)`: the pointer `p_curl_easy_init`, typed from the real header, so
/// a signature mismatch is a compile error (`static AH_POINTER` for a library only one file calls).
#define AH_POINTER(name) __typeof__(&name) p_##name;

/// `AH_EXTERN_POINTER(g_bus_get_sync)`: its declaration, for a library several files of one target call.
#define AH_EXTERN_POINTER(name) extern __typeof__(&name) p_##name;

/// `AH_TABLE_ENTRY(curl_easy_init)`: the table entry that resolves `p_curl_easy_init`.
#define AH_TABLE_ENTRY(name) {#name, (void **) &p_##name},

/// Loads `library` and resolves its functions, once per process whatever the threads; 0, or -1
/// with the reason in `library->error` (and in `message`, when given).
int ah_library_load(ah_library *library, char *message, size_t message_size);

#endif
