// The Secret Service spoken directly over GDBus, for the two calls on `header`'s path: read the
// secret of an unlocked item, and give the item just read its new secret after a refresh.
//
// Why not libsecret for these: libsecret's SecretService is a GDBusProxy — it subscribes to
// signals, asks who owns the name, starts the service, reads all its properties — and negotiates
// its session with a full-width Diffie-Hellman exponent: with the cache off, that was slower
// than `secret-tool lookup` per call (docs/speed.md, "Why the code is shaped this way"). Here the
// same read is four messages (Hello, OpenSession, SearchItems, GetSecret), encrypted as
// libsecret's are (transport_session.h).
//
// Anything this path cannot settle — no item, a locked one, a service that refuses the encrypted
// session — is left to libsecret, which handles prompts, new items and the locked-or-absent question.
#ifndef AUTHHELPER_SECRET_BUS_H
#define AUTHHELPER_SECRET_BUS_H

#include "clibsecret.h"
#include "glib_functions.h"

typedef enum {
    BUS_DONE = 0,       ///< the call completed: a secret was read, or the new one stored
    BUS_UNSETTLED = 1,  ///< nothing conclusive was learnt; libsecret takes over
    BUS_FAILED = 2,     ///< a call failed, `*error` says how (the watchdog's cancel among them)
} bus_outcome;

/// Searches the items of `schema_name` with these attributes and reads the first unlocked one's
/// secret. BUS_DONE with `*secret` (release with transport_wipe_free … strlen + 1) and
/// `*item_path` (free). Only a cancelled call is BUS_FAILED; every other failure is BUS_UNSETTLED,
/// because libsecret, asked next, reports it with its own words and status.
bus_outcome bus_read_unlocked_secret(const ah_secret_attributes *attributes, const char *schema_name,
                                     GCancellable *cancellable, int timeout_ms,
                                     char **secret, char **item_path, GError **error);

/// Replaces the secret of the item at `item_path` (Item.SetSecret) through the session the read
/// opened. BUS_UNSETTLED when no read opened one in this process.
bus_outcome bus_replace_secret(const char *item_path, const char *secret,
                               GCancellable *cancellable, int timeout_ms, GError **error);

#endif
