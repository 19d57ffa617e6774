#include "secret_bus.h"

#include <stdlib.h>
#include <string.h>

#include "transport_session.h"

// GLib's G_VARIANT_TYPE() checks its string through a GLib function that is not linked here.
#define BUS_TYPE(type_string) ((const GVariantType *) (type_string))

static const char *const service_name = "org.freedesktop.secrets";
static const char *const service_path = "/org/freedesktop/secrets";
static const char *const transport_algorithm = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

/// The connection and encrypted session of this process, opened by the first read and used by the
/// store that follows a refresh: one SetSecret message, nothing negotiated in between.
static GDBusConnection *connection;
static char *session_path;
/// Kept out of swap while the process holds it, and wiped when the process exits normally.
static unsigned char session_key[TRANSPORT_KEY_SIZE];

static void wipe_session_key(void) { explicit_bzero(session_key, sizeof session_key); }

static GVariant *call(const char *path, const char *interface, const char *method, GVariant *parameters,
                      const char *reply_type, GCancellable *cancellable, int timeout_ms, GError **error) {
    return p_g_dbus_connection_call_sync(connection, service_name, path, interface, method, parameters,
                                         BUS_TYPE(reply_type), G_DBUS_CALL_FLAGS_NONE, timeout_ms, cancellable, error);
}

static bus_outcome unsettled_unless_cancelled(GError **error) {
    if (*error && (*error)->domain == p_g_io_error_quark() && (*error)->code == G_IO_ERROR_CANCELLED) return BUS_FAILED;
    if (*error) {
        p_g_error_free(*error);
        *error = NULL;
    }
    return BUS_UNSETTLED;
}

/// Connects and negotiates the encrypted session, once per process.
static bus_outcome open_session(GCancellable *cancellable, int timeout_ms, GError **error) {
    if (session_path) return BUS_DONE;
    if (!connection) connection = p_g_bus_get_sync(G_BUS_TYPE_SESSION, cancellable, error);
    if (!connection) return BUS_UNSETTLED;
    unsigned char public_key[TRANSPORT_PUBLIC_KEY_MAX];
    size_t public_length = 0;
    if (transport_begin(public_key, &public_length) != TRANSPORT_OK) {
        transport_abandon();
        return BUS_UNSETTLED;
    }
    GVariant *input = p_g_variant_new_fixed_array(BUS_TYPE("y"), public_key, public_length, 1);
    GVariant *reply = call(service_path, "org.freedesktop.Secret.Service", "OpenSession",
                           p_g_variant_new("(s@v)", transport_algorithm, p_g_variant_new("v", input)), "(vo)",
                           cancellable, timeout_ms, error);
    if (!reply) {
        // No session will come of this exchange: its private exponent goes now.
        transport_abandon();
        return BUS_UNSETTLED;
    }
    GVariant *output = NULL;
    const char *path = NULL;
    p_g_variant_get(reply, "(v&o)", &output, &path);
    bus_outcome outcome = BUS_UNSETTLED;
    if (p_g_variant_is_of_type(output, BUS_TYPE("ay"))) {
        gsize peer_length = 0;
        const unsigned char *peer = p_g_variant_get_fixed_array(output, &peer_length, 1);
        static int key_kept;
        if (!key_kept) {
            key_kept = 1;
            transport_keep_in_memory(session_key, sizeof session_key);
            atexit(wipe_session_key);
        }
        if (transport_finish(peer, peer_length, session_key) == TRANSPORT_OK) {
            session_path = strdup(path);
            outcome = BUS_DONE;
        } else {
            wipe_session_key();
        }
    }
    transport_abandon();  // finished or not, the exponent is of no further use
    // A session not taken (a refused key) ends with this process's connection; nothing uses it.
    p_g_variant_unref(output);
    p_g_variant_unref(reply);
    return outcome;
}

/// Service.SearchItems: the D-Bus path of the first unlocked match (to free), or NULL.
static char *first_unlocked_item(const ah_secret_attributes *attributes, const char *schema_name,
                                 GCancellable *cancellable, int timeout_ms, GError **error) {
    GVariantBuilder query;
    p_g_variant_builder_init(&query, BUS_TYPE("a{ss}"));
    // libsecret stores the schema's name as the attribute "xdg:schema" and searches with it.
    p_g_variant_builder_add(&query, "{ss}", "xdg:schema", schema_name);
    if (attributes->profile) p_g_variant_builder_add(&query, "{ss}", "profile", attributes->profile);
    if (attributes->server) p_g_variant_builder_add(&query, "{ss}", "server", attributes->server);
    if (attributes->username) p_g_variant_builder_add(&query, "{ss}", "username", attributes->username);
    GVariant *reply = call(service_path, "org.freedesktop.Secret.Service", "SearchItems",
                           p_g_variant_new("(a{ss})", &query), "(aoao)", cancellable, timeout_ms, error);
    if (!reply) return NULL;
    GVariantIter *unlocked = NULL;
    GVariantIter *locked = NULL;
    p_g_variant_get(reply, "(aoao)", &unlocked, &locked);
    const char *path = NULL;
    char *first = p_g_variant_iter_next(unlocked, "&o", &path) ? strdup(path) : NULL;
    p_g_variant_iter_free(unlocked);
    p_g_variant_iter_free(locked);
    p_g_variant_unref(reply);
    return first;
}

/// Item.GetSecret through our session, decrypted: a password as libsecret reads one (text/plain,
/// no NUL inside), or NULL.
static char *read_secret(const char *item_path, GCancellable *cancellable, int timeout_ms, GError **error) {
    GVariant *reply = call(item_path, "org.freedesktop.Secret.Item", "GetSecret", p_g_variant_new("(o)", session_path),
                           "((oayays))", cancellable, timeout_ms, error);
    if (!reply) return NULL;
    const char *secret_session = NULL;
    const char *content_type = NULL;
    GVariant *parameters = NULL;
    GVariant *value = NULL;
    p_g_variant_get(reply, "((&o@ay@ay&s))", &secret_session, &parameters, &value, &content_type);
    char *secret = NULL;
    if (strcmp(secret_session, session_path) == 0 && strcmp(content_type, "text/plain") == 0) {
        gsize iv_length = 0;
        gsize cipher_length = 0;
        const unsigned char *iv = p_g_variant_get_fixed_array(parameters, &iv_length, 1);
        const unsigned char *cipher = p_g_variant_get_fixed_array(value, &cipher_length, 1);
        size_t plain_length = 0;
        if (transport_decrypt(session_key, iv, iv_length, cipher, cipher_length, &secret, &plain_length) == TRANSPORT_OK
            && strlen(secret) != plain_length) {
            transport_wipe_free(secret, plain_length + 1);
            secret = NULL;
        }
    }
    p_g_variant_unref(parameters);
    p_g_variant_unref(value);
    p_g_variant_unref(reply);
    return secret;
}

bus_outcome bus_read_unlocked_secret(const ah_secret_attributes *attributes, const char *schema_name,
                                     GCancellable *cancellable, int timeout_ms,
                                     char **secret, char **item_path, GError **error) {
    *secret = NULL;
    *item_path = NULL;
    if (open_session(cancellable, timeout_ms, error) != BUS_DONE) return unsettled_unless_cancelled(error);
    char *path = first_unlocked_item(attributes, schema_name, cancellable, timeout_ms, error);
    if (!path) return unsettled_unless_cancelled(error);
    *secret = read_secret(path, cancellable, timeout_ms, error);
    if (!*secret) {
        free(path);
        return unsettled_unless_cancelled(error);
    }
    *item_path = path;
    return BUS_DONE;
}

bus_outcome bus_replace_secret(const char *item_path, const char *secret,
                               GCancellable *cancellable, int timeout_ms, GError **error) {
    if (!session_path) return BUS_UNSETTLED;
    unsigned char iv[TRANSPORT_IV_SIZE];
    unsigned char *cipher = NULL;
    size_t cipher_length = 0;
    if (transport_encrypt(session_key, secret, strlen(secret), iv, &cipher, &cipher_length) != TRANSPORT_OK) {
        return BUS_UNSETTLED;
    }
    GVariant *encoded = p_g_variant_new("(o@ay@ays)", session_path,
                                        p_g_variant_new_fixed_array(BUS_TYPE("y"), iv, sizeof iv, 1),
                                        p_g_variant_new_fixed_array(BUS_TYPE("y"), cipher, cipher_length, 1), "text/plain");
    transport_wipe_free(cipher, cipher_length);
    GVariant *reply = call(item_path, "org.freedesktop.Secret.Item", "SetSecret", p_g_variant_new("(@(oayays))", encoded),
                           "()", cancellable, timeout_ms, error);
    if (!reply) return BUS_FAILED;
    p_g_variant_unref(reply);
    return BUS_DONE;
}
