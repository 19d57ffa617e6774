#include "glib_functions.h"

#include "cloader.h"

AH_GIO_FUNCTIONS(AH_POINTER)
AH_LIBSECRET_FUNCTIONS(AH_POINTER)

static const ah_symbol gio_symbols[] = {AH_GIO_FUNCTIONS(AH_TABLE_ENTRY)};
static const ah_symbol libsecret_symbols[] = {AH_LIBSECRET_FUNCTIONS(AH_TABLE_ENTRY)};

static ah_library gio = AH_LIBRARY("libgio-2.0.so.0", gio_symbols);
static ah_library libsecret = AH_LIBRARY("libsecret-1.so.0", libsecret_symbols);

int load_gio(char *message, size_t message_size) { return ah_library_load(&gio, message, message_size); }

int load_libsecret(char *message, size_t message_size) {
    if (load_gio(message, message_size) != 0) return -1;
    return ah_library_load(&libsecret, message, message_size);
}
