#include "clibsecret.h"

#include <stdlib.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "glib_functions.h"
#include "secret_bus.h"
#include "transport_session.h"

// The schema is built here, not in Swift, because SecretSchema is a fixed-size C struct with
// reserved fields that Swift would import as an unwieldy 32-element tuple.
static const SecretSchema schema = {
    "io.github.authhelper.Profile",
    SECRET_SCHEMA_NONE,
    {
        {"profile", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"server", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"username", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {NULL, 0},
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static GHashTable *make_attributes(const ah_secret_attributes *attributes) {
    GHashTable *table = p_g_hash_table_new(p_g_str_hash, p_g_str_equal);
    // The table borrows the strings; they outlive it because the caller owns them for the call.
    if (attributes->profile) p_g_hash_table_insert(table, (gpointer) "profile", (gpointer) attributes->profile);
    if (attributes->server) p_g_hash_table_insert(table, (gpointer) "server", (gpointer) attributes->server);
    if (attributes->username) p_g_hash_table_insert(table, (gpointer) "username", (gpointer) attributes->username);
    return table;
}

// ---- Time bound -------------------------------------------------------------------------------
// libsecret's sync calls wait on D-Bus with GLib's default of 25 s, or forever behind a prompt.
// A watchdog thread cancels the call's GCancellable when the bound passes, so no shell command
// hangs on a stuck keyring.

typedef struct {
    pthread_mutex_t mutex;
    pthread_cond_t done_cond;
    int done;
    int fired;
    int timeout_ms;
    GCancellable *cancellable;
} watchdog;

static void *watchdog_main(void *argument) {
    watchdog *dog = argument;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += dog->timeout_ms / 1000;
    deadline.tv_nsec += (long) (dog->timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec += 1; deadline.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&dog->mutex);
    while (!dog->done) {
        if (pthread_cond_timedwait(&dog->done_cond, &dog->mutex, &deadline) == ETIMEDOUT) {
            if (!dog->done) {
                dog->fired = 1;
                p_g_cancellable_cancel(dog->cancellable);
            }
            break;
        }
    }
    pthread_mutex_unlock(&dog->mutex);
    return NULL;
}

static int watchdog_start(watchdog *dog, pthread_t *thread, int timeout_ms) {
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&dog->done_cond, &attributes);
    pthread_condattr_destroy(&attributes);
    pthread_mutex_init(&dog->mutex, NULL);
    dog->done = 0;
    dog->fired = 0;
    dog->timeout_ms = timeout_ms;
    dog->cancellable = p_g_cancellable_new();
    return pthread_create(thread, NULL, watchdog_main, dog);
}

/// Stops the watchdog and reports whether it cancelled the call.
static int watchdog_stop(watchdog *dog, pthread_t thread) {
    pthread_mutex_lock(&dog->mutex);
    dog->done = 1;
    pthread_cond_signal(&dog->done_cond);
    pthread_mutex_unlock(&dog->mutex);
    pthread_join(thread, NULL);
    int fired = dog->fired;
    p_g_object_unref(dog->cancellable);
    pthread_cond_destroy(&dog->done_cond);
    pthread_mutex_destroy(&dog->mutex);
    return fired;
}

// ---- Errors -----------------------------------------------------------------------------------

static ah_secret_status classify(GError *error, int timed_out, char *message, size_t message_size) {
    ah_secret_status status = AH_SECRET_FAILED;
    if (timed_out) {
        status = AH_SECRET_TIMEOUT;
    } else if (p_secret_error_get_quark  // NULL while only the direct calls have run (libsecret not loaded)
               && error->domain == p_secret_error_get_quark() && error->code == SECRET_ERROR_IS_LOCKED) {
        status = AH_SECRET_LOCKED;
    } else if (error->domain == p_g_dbus_error_quark() || error->domain == p_g_io_error_quark()) {
        // No bus (G_IO_ERROR on connect), or nobody owns org.freedesktop.secrets (G_DBUS_ERROR).
        status = AH_SECRET_UNAVAILABLE;
    }
    snprintf(message, message_size, "%s", error->message ? error->message : "unknown error");
    p_g_error_free(error);
    return status;
}

// ---- Operations -------------------------------------------------------------------------------
// Every operation has the same frame: load GIO, start the watchdog; then the operation's own
// calls — the direct ones of secret_bus.c where they settle it, else libsecret's through the
// SecretService and an attribute table (use_libsecret); then release all of it.
//
// The SecretService is the process's one instance (libsecret caches it), with its encrypted
// session open, so the session negotiated for a first read through libsecret is reused by the
// store that follows a refresh. (libsecret's secret_password_* calls keep a second, separate
// instance: mixing the two APIs made the store after a refresh negotiate a new session, inside
// the window where the rotated pair exists only in this process.) A first read
// through secret_bus.c likewise leaves its session for that store.

// The D-Bus path of the item a lookup read, for the attributes it read it with: a store is handed
// it by its caller (see ah_secret_store) and uses it only for the same attributes.
struct ah_secret_item {
    char *path;
    char key[1024];
};

static void attributes_key(const ah_secret_attributes *attributes, char *key, size_t size) {
    snprintf(key, size, "%s\n%s\n%s", attributes->profile, attributes->server, attributes->username);
}

static ah_secret_item *make_item(const ah_secret_attributes *attributes, const char *path) {
    ah_secret_item *item = calloc(1, sizeof *item);
    if (!item || !(item->path = strdup(path))) {
        free(item);
        return NULL;
    }
    attributes_key(attributes, item->key, sizeof item->key);
    return item;
}

/// The item's path when it was read for these attributes, else NULL.
static const char *item_path_for(const ah_secret_item *item, const ah_secret_attributes *attributes) {
    if (!item) return NULL;
    char key[sizeof item->key];
    attributes_key(attributes, key, sizeof key);
    return strcmp(key, item->key) == 0 ? item->path : NULL;
}

void ah_secret_item_free(ah_secret_item *item) {
    if (!item) return;
    free(item->path);
    free(item);
}

typedef struct {
    watchdog dog;
    pthread_t thread;
    GHashTable *table;       ///< libsecret's attribute table; NULL until use_libsecret
    SecretService *service;  ///< NULL until use_libsecret
} bounded_call;

/// Returns AH_SECRET_OK when the call may proceed; otherwise the failure, with its message.
static ah_secret_status call_begin(bounded_call *call, int timeout_ms, char *message, size_t message_size) {
    if (load_gio(message, message_size) != 0) return AH_SECRET_NO_LIBRARY;
    if (watchdog_start(&call->dog, &call->thread, timeout_ms) != 0) {
        snprintf(message, message_size, "cannot start a timer thread");
        return AH_SECRET_FAILED;
    }
    call->table = NULL;
    call->service = NULL;
    return AH_SECRET_OK;
}

/// Releases what call_begin and use_libsecret took; returns whether the watchdog cancelled the call.
static int call_end(bounded_call *call) {
    if (call->service) p_g_object_unref(call->service);
    if (call->table) p_g_hash_table_unref(call->table);
    return watchdog_stop(&call->dog, call->thread);
}

/// Loads libsecret, builds its attribute table and gets its SecretService with a session open
/// (none of which a direct read needs). On failure the call has ended and the status (with its
/// message) is the operation's answer.
static ah_secret_status use_libsecret(bounded_call *call, const ah_secret_attributes *attributes,
                                      char *message, size_t message_size) {
    if (load_libsecret(message, message_size) != 0) {
        call_end(call);
        return AH_SECRET_NO_LIBRARY;
    }
    call->table = make_attributes(attributes);
    GError *error = NULL;
    call->service = p_secret_service_get_sync(SECRET_SERVICE_OPEN_SESSION, call->dog.cancellable, &error);
    if (!call->service) {
        int fired = call_end(call);
        return classify(error, fired, message, message_size);
    }
    return AH_SECRET_OK;
}

/// libsecret's password text as a malloc'd copy, so every secret this module returns is released
/// the same way (ah_secret_free); libsecret's own copy is wiped by secret_password_free.
static char *password_copy(SecretValue *value) {
    gsize length = 0;
    gchar *text = p_secret_value_unref_to_password(value, &length);
    if (!text) return NULL;
    char *copy = strdup(text);
    p_secret_password_free(text);
    return copy;
}

/// The lookup when the direct read did not settle it: libsecret, which also unlocks (with
/// `may_prompt`) and tells a locked collection from an absent item.
static ah_secret_status lookup_with_libsecret(bounded_call *call, const ah_secret_attributes *attributes, int may_prompt,
                                              char **secret, ah_secret_item **item, GError **error) {
    ah_secret_status status = AH_SECRET_NOT_FOUND;
    SecretValue *value = NULL;
    gchar **unlocked = NULL;
    gchar **locked = NULL;
    if (may_prompt) {
        // libsecret's lookup unlocks a locked item through the Secret Service's prompt (a desktop
        // dialog). When that prompt cannot be shown or is dismissed, it answers "nothing", as if
        // the item did not exist; the search below tells the two apart, so a locked keyring is
        // reported as locked rather than as "not logged in".
        value = p_secret_service_lookup_sync(call->service, &schema, call->table, call->dog.cancellable, error);
        if (!value && !*error
            && p_secret_service_search_for_dbus_paths_sync(call->service, &schema, call->table, call->dog.cancellable, &unlocked,
                                                           &locked, error)
            && locked && locked[0]) {
            status = AH_SECRET_LOCKED;
        }
    } else if (p_secret_service_search_for_dbus_paths_sync(call->service, &schema, call->table, call->dog.cancellable, &unlocked,
                                                           &locked, error)) {
        // No one to answer a prompt: the same two D-Bus calls as a lookup (search, read the
        // secret) without the unlock step, so a locked item is reported at once instead of
        // raising a dialog on a desktop nobody may be watching.
        if (unlocked && unlocked[0]) {
            *item = make_item(attributes, unlocked[0]);
            value = p_secret_service_get_secret_for_dbus_path_sync(call->service, unlocked[0], call->dog.cancellable, error);
        } else if (locked && locked[0]) {
            status = AH_SECRET_LOCKED;
        }
    }
    if (value && (*secret = password_copy(value))) status = AH_SECRET_OK;
    if (status == AH_SECRET_NOT_FOUND && !*error) {
        // No item found: in a locked collection that is no proof there is none (KeePassXC answers
        // every search of a locked database with nothing), and a store there would fail after a
        // login spent the password. A locked default collection is reported as locked.
        SecretCollection *collection =
            p_secret_collection_for_alias_sync(call->service, "default", SECRET_COLLECTION_NONE, call->dog.cancellable, error);
        if (collection) {
            if (p_secret_collection_get_locked(collection)) status = AH_SECRET_LOCKED;
            p_g_object_unref(collection);
        }
    }
    if (unlocked) p_g_strfreev(unlocked);
    if (locked) p_g_strfreev(locked);
    return status;
}

static ah_secret_status lookup(const ah_secret_attributes *attributes, int timeout_ms, int may_prompt, char **secret,
                               ah_secret_item **item, char *message, size_t message_size);

ah_secret_status ah_secret_lookup(const ah_secret_attributes *attributes, int timeout_ms, int may_prompt,
                                  char **secret, ah_secret_item **item, char *message, size_t message_size) {
    *secret = NULL;
    *item = NULL;
    ah_secret_status status = lookup(attributes, timeout_ms, may_prompt, secret, item, message, message_size);
    // The item comes only with the secret read from it.
    if (status != AH_SECRET_OK) {
        ah_secret_item_free(*item);
        *item = NULL;
    }
    return status;
}

static ah_secret_status lookup(const ah_secret_attributes *attributes, int timeout_ms, int may_prompt, char **secret,
                               ah_secret_item **item, char *message, size_t message_size) {
    bounded_call call;
    ah_secret_status status = call_begin(&call, timeout_ms, message, message_size);
    if (status != AH_SECRET_OK) return status;
    GError *error = NULL;
    // An unlocked item is read directly (secret_bus.h says why); everything else is libsecret's.
    char *item_path = NULL;
    bus_outcome outcome =
        bus_read_unlocked_secret(attributes, schema.name, call.dog.cancellable, timeout_ms, secret, &item_path, &error);
    if (outcome == BUS_DONE) {
        *item = make_item(attributes, item_path);
        free(item_path);
        call_end(&call);
        return AH_SECRET_OK;
    }
    if (outcome == BUS_UNSETTLED) {
        status = use_libsecret(&call, attributes, message, message_size);
        if (status != AH_SECRET_OK) return status;
        status = lookup_with_libsecret(&call, attributes, may_prompt, secret, item, &error);
    }
    int fired = call_end(&call);
    // A value is read only after calls that succeeded, so an error never comes with a secret.
    if (error) return classify(error, fired, message, message_size);
    if (status == AH_SECRET_LOCKED) {
        snprintf(message, message_size, may_prompt
                 ? "its collection is locked and was not unlocked"
                 : "its collection is locked, and without a terminal authhelper does not ask to unlock it");
    }
    return status;
}

/// Item.SetSecret on `path` through libsecret's connection and session.
static gboolean replace_secret_with_libsecret(bounded_call *call, const char *path, SecretValue *value, int timeout_ms,
                                              GError **error) {
    GVariant *encoded = p_secret_service_encode_dbus_secret(call->service, value);
    GVariant *reply = p_g_dbus_connection_call_sync(
        p_g_dbus_proxy_get_connection((GDBusProxy *) call->service), p_g_dbus_proxy_get_name((GDBusProxy *) call->service),
        path, "org.freedesktop.Secret.Item", "SetSecret", p_g_variant_new("(@(oayays))", encoded), NULL,
        G_DBUS_CALL_FLAGS_NONE, timeout_ms, call->dog.cancellable, error);
    if (!reply) return FALSE;
    p_g_variant_unref(reply);
    return TRUE;
}

ah_secret_status ah_secret_store(const ah_secret_attributes *attributes, const ah_secret_item *item, const char *label,
                                 const char *secret, int timeout_ms,
                                 char *message, size_t message_size) {
    bounded_call call;
    ah_secret_status status = call_begin(&call, timeout_ms, message, message_size);
    if (status != AH_SECRET_OK) return status;
    GError *error = NULL;
    gboolean stored = FALSE;
    // An existing item gets its new secret through Item.SetSecret. Replacing it through
    // CreateItem(replace=true) is what libsecret's store would do, and KeePassXC before 2.7.6
    // answers that with a confirmation dialog nobody sees (its bug #9255): the store hangs until
    // the watchdog, after the server has already rotated the pair. The item is the one the lookup
    // before the refresh read, so SetSecret is the only call: once it has left the process, the
    // store completes even if the process is killed (a search first would widen that window).
    const char *path = item_path_for(item, attributes);
    bus_outcome outcome = path ? bus_replace_secret(path, secret, call.dog.cancellable, timeout_ms, &error) : BUS_UNSETTLED;
    if (outcome == BUS_DONE) {
        stored = TRUE;
    } else if (outcome == BUS_UNSETTLED) {
        status = use_libsecret(&call, attributes, message, message_size);
        if (status != AH_SECRET_OK) return status;
        SecretValue *value = p_secret_value_new(secret, -1, "text/plain");
        gchar **unlocked = NULL;
        gchar **locked = NULL;
        if (!path && p_secret_service_search_for_dbus_paths_sync(call.service, &schema, call.table, call.dog.cancellable,
                                                                 &unlocked, &locked, &error)
            && unlocked && unlocked[0]) {
            path = unlocked[0];
        }
        if (path) {
            stored = replace_secret_with_libsecret(&call, path, value, timeout_ms, &error);
        } else if (!error) {
            // NULL collection: the default one ("login" on GNOME), where users expect their secrets.
            stored = p_secret_service_store_sync(call.service, &schema, call.table, NULL, label, value, call.dog.cancellable, &error);
        }
        if (unlocked) p_g_strfreev(unlocked);
        if (locked) p_g_strfreev(locked);
        p_secret_value_unref(value);
    }
    int fired = call_end(&call);
    if (error) return classify(error, fired, message, message_size);
    if (!stored) {
        snprintf(message, message_size, "the Secret Service did not store the item");
        return AH_SECRET_FAILED;
    }
    return AH_SECRET_OK;
}

ah_secret_status ah_secret_clear(const ah_secret_attributes *attributes, int timeout_ms,
                                 char *message, size_t message_size) {
    bounded_call call;
    ah_secret_status status = call_begin(&call, timeout_ms, message, message_size);
    if (status != AH_SECRET_OK) return status;
    status = use_libsecret(&call, attributes, message, message_size);
    if (status != AH_SECRET_OK) return status;
    GError *error = NULL;
    gboolean removed = p_secret_service_clear_sync(call.service, &schema, call.table, call.dog.cancellable, &error);
    int fired = call_end(&call);
    if (error) return classify(error, fired, message, message_size);
    return removed ? AH_SECRET_OK : AH_SECRET_NOT_FOUND;
}

void ah_secret_free(char *secret) {
    if (secret) transport_wipe_free(secret, strlen(secret) + 1);
}
