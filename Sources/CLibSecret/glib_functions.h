// The GLib, GIO and libsecret functions CLibSecret calls, loaded with dlopen in two steps: GIO
// (with GLib and GObject) for every operation — the direct Secret Service calls in secret_bus.c
// need nothing more — and libsecret only for what those calls leave to it (prompts, new items,
// removal, telling "locked" from "absent"). Internal to CLibSecret.
#ifndef AUTHHELPER_GLIB_FUNCTIONS_H
#define AUTHHELPER_GLIB_FUNCTIONS_H

#include <stddef.h>

#include "cloader.h"

// secret-paths.h (search by D-Bus object path, read one item's secret) sits behind libsecret's
// "unstable" gate, though it has not changed since 0.7. It is the only way to learn that an item
// is locked without libsecret asking to unlock it.
#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

// Function pointers typed from the real headers, so a signature mismatch is a compile error.
#define AH_GIO_FUNCTIONS(X)                                   \
    X(g_strfreev) X(g_hash_table_new) X(g_hash_table_insert)  \
    X(g_hash_table_unref) X(g_str_hash) X(g_str_equal)        \
    X(g_error_free) X(g_io_error_quark) X(g_dbus_error_quark) \
    X(g_cancellable_new) X(g_cancellable_cancel)              \
    X(g_object_unref) X(g_bus_get_sync)                       \
    X(g_dbus_proxy_get_connection) X(g_dbus_proxy_get_name)   \
    X(g_dbus_connection_call_sync) X(g_variant_new)           \
    X(g_variant_get) X(g_variant_unref)                       \
    X(g_variant_is_of_type) X(g_variant_new_fixed_array)      \
    X(g_variant_get_fixed_array) X(g_variant_builder_init)    \
    X(g_variant_builder_add) X(g_variant_iter_next)           \
    X(g_variant_iter_free)

#define AH_LIBSECRET_FUNCTIONS(X)                                                     \
    X(secret_service_get_sync) X(secret_service_lookup_sync)                          \
    X(secret_service_store_sync) X(secret_service_clear_sync)                         \
    X(secret_service_search_for_dbus_paths_sync)                                      \
    X(secret_service_get_secret_for_dbus_path_sync) X(secret_value_new)               \
    X(secret_value_unref) X(secret_value_unref_to_password) X(secret_password_free)   \
    X(secret_error_get_quark) X(secret_collection_for_alias_sync)                     \
    X(secret_service_encode_dbus_secret) X(secret_collection_get_locked)

AH_GIO_FUNCTIONS(AH_EXTERN_POINTER)
AH_LIBSECRET_FUNCTIONS(AH_EXTERN_POINTER)

/// Loads GIO once per process; 0 when its functions are ready, else -1 with the reason in `message`.
int load_gio(char *message, size_t message_size);

/// Loads libsecret once per process (after GIO); 0 or -1 as load_gio.
int load_libsecret(char *message, size_t message_size);

#endif
