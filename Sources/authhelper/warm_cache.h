/* The runtime cache as authhelper-full writes it (AuthHelperCore/Storage/RuntimeCache.swift), read
 * with the same rules: `$XDG_RUNTIME_DIR/authhelper/<profile>`, a regular 0600 file of this user,
 * not through a symlink, whose recorded config fingerprint is the config file's now:
 *
 *     authhelper-cache-v2
 *     <config fingerprint: dev:ino:size:mtime, or "none">
 *     <expires at, Unix seconds>
 *     <obtained at, Unix seconds>
 *     <access token>
 *
 * Anything else — another version, a foreign or readable file, a symlink, an edited config —
 * is a miss, and authhelper-full looks again. The profile comes from --profile,
 * AUTHHELPER_PROFILE, or `.default-profile` (the config's default, recorded for this very config
 * file), as ProfileSelection and FastPath.cacheLookup choose it. */
#ifndef AUTHHELPER_WARM_CACHE_H
#define AUTHHELPER_WARM_CACHE_H

#include <stdbool.h>

#include "warm_request.h"

struct warm_token {
    char *access_token;  /* NUL-terminated, in a buffer owned by the process until it ends */
    long long expires_at;
    long long obtained_at;
};

/* The cached token for `request` that meets its freshness now; false on any miss. */
bool warm_cache_fresh_token(const struct warm_request *request, struct warm_token *token);

#endif
