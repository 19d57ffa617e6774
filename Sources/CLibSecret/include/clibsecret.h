// A narrow, non-variadic view of the Secret Service, loaded at run time: an unlocked item is read
// (and, after a refresh, rewritten) with direct D-Bus calls (secret_bus.h says why); prompts, new
// items, removal and telling "locked" from "absent" are libsecret's.
//
// Why dlopen: GIO and libsecret drag GLib and GObject into every process start that links them,
// and the hot path — a valid access token in the runtime cache — never talks to D-Bus.
// Why no GLib types in this header: Swift callers see plain C strings and status codes, so no
// GLib type can escape the module that wraps this one.
#ifndef AUTHHELPER_CLIBSECRET_H
#define AUTHHELPER_CLIBSECRET_H

#include <stddef.h>

/// Outcome of a call. Anything but AH_SECRET_OK comes with a message from libsecret or GLib.
typedef enum {
    AH_SECRET_OK = 0,
    AH_SECRET_NOT_FOUND = 1,    ///< lookup/clear: no item matched (not an error)
    AH_SECRET_UNAVAILABLE = 2,  ///< no session bus, or no Secret Service on it
    AH_SECRET_LOCKED = 3,       ///< the collection is locked and was not unlocked
    AH_SECRET_TIMEOUT = 4,      ///< the call did not finish within its time bound
    AH_SECRET_FAILED = 5,       ///< anything else
    AH_SECRET_NO_LIBRARY = 6,   ///< libgio-2.0.so.0 or libsecret-1.so.0 could not be loaded
} ah_secret_status;

/// The item's attributes. libsecret treats attribute values as public (they travel and are stored
/// unencrypted), so only non-secret values belong here; the secret is the password argument.
typedef struct {
    const char *profile;
    const char *server;
    const char *username;
} ah_secret_attributes;

/// The item a lookup read, for the store that follows a refresh: that store replaces its secret
/// with one Item.SetSecret call, no search first, so the one call that matters is the first to
/// leave the process. Opaque; the caller owns it (ah_secret_item_free).
typedef struct ah_secret_item ah_secret_item;

/// Looks up the secret of the item that matches all three attributes.
/// With `may_prompt`, a locked collection is unlocked through the Secret Service's own prompt (a
/// desktop dialog); without it, a locked item is reported as AH_SECRET_LOCKED and nothing is asked.
/// On AH_SECRET_OK, `*secret` is a NUL-terminated copy to release with ah_secret_free, and
/// `*item` (when it could be learnt, else NULL) the item it came from.
ah_secret_status ah_secret_lookup(const ah_secret_attributes *attributes, int timeout_ms, int may_prompt,
                                  char **secret, ah_secret_item **item, char *message, size_t message_size);

/// Creates or replaces the item with exactly these attributes in the default collection. With
/// `item` (from a lookup of the same attributes), its secret is replaced directly.
ah_secret_status ah_secret_store(const ah_secret_attributes *attributes, const ah_secret_item *item, const char *label,
                                 const char *secret, int timeout_ms,
                                 char *message, size_t message_size);

/// Releases what ah_secret_lookup returned in `*item` (NULL is fine).
void ah_secret_item_free(ah_secret_item *item);

/// Deletes every item of this schema whose attributes match the non-NULL fields.
ah_secret_status ah_secret_clear(const ah_secret_attributes *attributes, int timeout_ms,
                                 char *message, size_t message_size);

/// Wipes and frees a secret returned by ah_secret_lookup (every secret it returns is a malloc copy).
void ah_secret_free(char *secret);

#endif
