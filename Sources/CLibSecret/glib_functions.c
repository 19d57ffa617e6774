#include "glib_functions.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#define AH_DEFINE_POINTER(name) __typeof__(&name) p_##name;
AH_GIO_FUNCTIONS(AH_DEFINE_POINTER)
AH_LIBSECRET_FUNCTIONS(AH_DEFINE_POINTER)
#undef AH_DEFINE_POINTER

typedef struct {
    pthread_once_t once;
    int status;
    char error[256];
} library_load;

static library_load gio_load = {PTHREAD_ONCE_INIT, -1, ""};
static library_load libsecret_load = {PTHREAD_ONCE_INIT, -1, ""};

/// A function to resolve and where its pointer goes.
typedef struct {
    const char *name;
    void **target;
} symbol;

#define AH_SYMBOL(name) {#name, (void **) &p_##name},
static const symbol gio_symbols[] = {AH_GIO_FUNCTIONS(AH_SYMBOL)};
static const symbol libsecret_symbols[] = {AH_LIBSECRET_FUNCTIONS(AH_SYMBOL)};
#undef AH_SYMBOL

// RTLD_LAZY: every function called here is resolved with dlsym below (a missing one fails the
// load with its name); what the libraries call inside each other is bound on first use, as for a
// normally linked program. Binding all of libsecret, GIO and GLib up front (RTLD_NOW) made every
// cache-off call measurably slower (README, "Why the code is shaped this way").
static void load_library(library_load *load, const char *file, const symbol *symbols, size_t count) {
    void *handle = dlopen(file, RTLD_LAZY | RTLD_LOCAL);
    if (!handle) {
        snprintf(load->error, sizeof load->error, "cannot load %s: %s", file, dlerror());
        return;
    }
    // dlsym on a library's handle also searches its dependencies (GIO's: GLib, GObject).
    for (size_t i = 0; i < count; i++) {
        if (!(*symbols[i].target = dlsym(handle, symbols[i].name))) {
            snprintf(load->error, sizeof load->error, "%s lacks %s", file, symbols[i].name);
            return;
        }
    }
    load->status = 0;
}

static void load_gio_once(void) {
    load_library(&gio_load, "libgio-2.0.so.0", gio_symbols, sizeof gio_symbols / sizeof *gio_symbols);
}

static void load_libsecret_once(void) {
    load_library(&libsecret_load, "libsecret-1.so.0", libsecret_symbols, sizeof libsecret_symbols / sizeof *libsecret_symbols);
}

static int finish(library_load *load, char *message, size_t message_size) {
    if (load->status != 0) snprintf(message, message_size, "%s", load->error);
    return load->status;
}

int load_gio(char *message, size_t message_size) {
    pthread_once(&gio_load.once, load_gio_once);
    return finish(&gio_load, message, message_size);
}

int load_libsecret(char *message, size_t message_size) {
    if (load_gio(message, message_size) != 0) return -1;
    pthread_once(&libsecret_load.once, load_libsecret_once);
    return finish(&libsecret_load, message, message_size);
}
