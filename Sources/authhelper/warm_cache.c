#include "warm_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { PATH_LIMIT = 4096, CACHE_LIMIT = 64 * 1024, RECORD_LIMIT = 4096 };

static const char cache_magic[] = "authhelper-cache-v2";

/* How long a stale entry waits for a refresh under way before authhelper-full takes over. */
static const unsigned refresh_wait_seconds = 2;

/* ProcessEnvironment's subscript: an empty variable is an unset one. */
static const char *variable(const char *name) {
    const char *value = getenv(name);
    return value && *value ? value : NULL;
}

/* ProcessEnvironment.flag: 1, true, yes or on, in any case. */
static bool variable_is_set(const char *name) {
    const char *value = variable(name);
    return value && (strcmp(value, "1") == 0 || strcasecmp(value, "true") == 0 || strcasecmp(value, "yes") == 0 ||
                     strcasecmp(value, "on") == 0);
}

/* An absolute folder without control characters, as Paths and ProcessEnvironment.xdg accept one. */
static bool is_usable_folder(const char *path) {
    if (!path || path[0] != '/') return false;
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (*c < 0x20 || *c == 0x7f) return false;
    }
    return true;
}

/* Profile.validateName: 1 to 64 letters, digits, '-', '_' or '.', not starting with '.', not a
 * lock file's or the agent socket's name — so it can name a file in the runtime folder. */
static bool is_profile_name(const char *name) {
    size_t length = strlen(name);
    if (length == 0 || length > 64 || name[0] == '.') return false;
    for (const char *c = name; *c; c++) {
        bool ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
                  *c == '.';
        if (!ok) return false;
    }
    if (length >= 5 && strcmp(name + length - 5, ".lock") == 0) return false;
    return strcmp(name, "agent.sock") != 0;
}

/* Paths.configFile: --config, else AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME (or ~/.config)/authhelper/config.toml. */
static bool config_path(const struct warm_request *request, char *path) {
    const char *chosen = request->config_flag ? request->config_flag : variable("AUTHHELPER_CONFIG");
    if (chosen) return snprintf(path, PATH_LIMIT, "%s", chosen) < PATH_LIMIT;
    const char *config_home = variable("XDG_CONFIG_HOME");
    if (is_usable_folder(config_home)) return snprintf(path, PATH_LIMIT, "%s/authhelper/config.toml", config_home) < PATH_LIMIT;
    const char *home = variable("HOME");  /* without HOME, authhelper-full asks the password database */
    return home && snprintf(path, PATH_LIMIT, "%s/.config/authhelper/config.toml", home) < PATH_LIMIT;
}

/* SecureFiles.fingerprint: what the cache entry must have been written for. */
static void config_fingerprint(const char *config, char *fingerprint, size_t size) {
    struct stat st;
    if (stat(config, &st) != 0) {
        snprintf(fingerprint, size, "none");
        return;
    }
    snprintf(fingerprint, size, "%llu:%llu:%lld:%lld.%ld", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
             (long long)st.st_size, (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
}

/* SecureFiles.read(requirePrivate: true): a regular file of this user that no one else may read,
 * not reached through a symlink, at most `limit` bytes; NUL-terminated. NULL on any doubt. */
static char *read_private_file(const char *path, size_t limit) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
    if (fd < 0) return NULL;
    struct stat st;
    char *bytes = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0) goto done;
    bytes = malloc(limit + 2);
    if (!bytes) goto done;
    size_t length = 0;
    for (;;) {
        ssize_t n = read(fd, bytes + length, limit + 1 - length);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 || (n > 0 && length + (size_t)n > limit)) {
            free(bytes);
            bytes = NULL;
            goto done;
        }
        if (n == 0) break;
        length += (size_t)n;
    }
    bytes[length] = '\0';
    if (memchr(bytes, '\0', length)) {  /* a NUL has no place in either file */
        free(bytes);
        bytes = NULL;
    }
done:
    close(fd);
    return bytes;
}

/* The next line of `*cursor` (its newline replaced by NUL); NULL when none is left. */
static char *next_line(char **cursor) {
    char *line = *cursor;
    if (!line) return NULL;
    char *end = strchr(line, '\n');
    if (end) {
        *end = '\0';
        *cursor = end + 1;
    } else {
        *cursor = NULL;
    }
    return line;
}

/* Int64(String): an optional sign and decimal digits, in range. */
static bool parse_seconds(const char *text, long long *value) {
    if (*text == '\0') return false;
    char *end;
    errno = 0;
    long long result = strtoll(text, &end, 10);
    bool starts_well = (text[0] >= '0' && text[0] <= '9') || text[0] == '-' || text[0] == '+';  /* strtoll skips spaces */
    if (errno != 0 || *end != '\0' || !starts_well) return false;
    *value = result;
    return true;
}

/* RuntimeCache.recordedDefaultProfile: the config's default profile, if recorded for this config. */
static const char *recorded_default_profile(const char *runtime, const char *fingerprint) {
    char path[PATH_LIMIT];
    if (snprintf(path, sizeof path, "%s/authhelper/.default-profile", runtime) >= (int)sizeof path) return NULL;
    char *cursor = read_private_file(path, RECORD_LIMIT);
    const char *recorded = next_line(&cursor);
    const char *profile = next_line(&cursor);
    if (!recorded || !profile || strcmp(recorded, fingerprint) != 0 || *profile == '\0') return NULL;
    return profile;
}

/* Freshness.isMet: an explicit --min-ttl is a promise; the default is a 60 s margin, capped at half
 * the token's lifetime. An expired token never meets either. */
static bool is_fresh(const struct warm_request *request, const struct warm_token *token, long long now) {
    long long remaining = token->expires_at - now;
    long long lifetime = token->expires_at > token->obtained_at ? token->expires_at - token->obtained_at : 0;
    long long required = request->has_min_ttl ? request->min_ttl : (lifetime / 2 < 60 ? lifetime / 2 : 60);
    return remaining > 0 && remaining >= required;
}

static void on_alarm(int signal) { (void)signal; }

/* Waits, at most `seconds`, until no process holds the profile's lock (ProfileLock: an exclusive
 * flock on `<runtime>/authhelper/<profile>.lock` while it refreshes). A shared lock, so every
 * waiter wakes at once when the refresh is stored. The file is only opened, never created: no
 * lock file, no refresh under way. False when the lock cannot be waited for. */
static bool wait_for_refresh(const char *runtime, const char *profile, unsigned seconds) {
    char path[PATH_LIMIT];
    if (snprintf(path, sizeof path, "%s/authhelper/%s.lock", runtime, profile) >= (int)sizeof path) return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
    if (fd < 0) return false;
    struct stat st;
    bool waited = false;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == getuid()) {
        /* SIGALRM without SA_RESTART ends a flock that waits too long with EINTR. */
        struct sigaction alarm_action = {.sa_handler = on_alarm}, previous;
        sigemptyset(&alarm_action.sa_mask);
        sigaction(SIGALRM, &alarm_action, &previous);
        alarm(seconds);
        waited = flock(fd, LOCK_SH) == 0;
        alarm(0);
        sigaction(SIGALRM, &previous, NULL);
    }
    close(fd);
    return waited;
}

/* Audience.summary: `resource=URI` for each resource in byte order, each once, then
 * `scope=WORDS` with the words in byte order, each once; "" for the profile's own token. The
 * entry's name adds `+` and the summary's FNV-1a 64 (FNV1a.swift) to the profile's. */
static int compare_strings(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static bool audience_summary(const struct warm_request *request, char *summary, size_t size) {
    const char *sorted[WARM_RESOURCE_LIMIT];
    memcpy(sorted, request->resources, sizeof(const char *) * (size_t)request->resource_count);
    qsort(sorted, (size_t)request->resource_count, sizeof *sorted, compare_strings);
    size_t used = 0;
    summary[0] = '\0';
    for (int i = 0; i < request->resource_count; i++) {
        if (i > 0 && strcmp(sorted[i], sorted[i - 1]) == 0) continue;
        int n = snprintf(summary + used, size - used, "%sresource=%s", used ? " " : "", sorted[i]);
        if (n < 0 || (size_t)n >= size - used) return false;
        used += (size_t)n;
    }
    if (!request->scope) return true;
    char words_buffer[PATH_LIMIT];
    if (snprintf(words_buffer, sizeof words_buffer, "%s", request->scope) >= (int)sizeof words_buffer) return false;
    const char *words[64];
    size_t count = 0;
    for (char *word = strtok(words_buffer, " "); word; word = strtok(NULL, " ")) {
        if (count == 64) return false;
        words[count++] = word;
    }
    qsort(words, count, sizeof *words, compare_strings);
    int n = snprintf(summary + used, size - used, "%sscope=", used ? " " : "");
    if (n < 0 || (size_t)n >= size - used) return false;
    used += (size_t)n;
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && strcmp(words[i], words[i - 1]) == 0) continue;
        n = snprintf(summary + used, size - used, "%s%s", summary[used - 1] == '=' ? "" : " ", words[i]);
        if (n < 0 || (size_t)n >= size - used) return false;
        used += (size_t)n;
    }
    return true;
}

static void fnv1a_hex64(const char *text, char hex[17]) {
    unsigned long long hash = 0xcbf29ce484222325ULL;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) hash = (hash ^ *c) * 0x100000001b3ULL;
    snprintf(hex, 17, "%016llx", hash);
}

enum entry_state { ENTRY_NONE, ENTRY_OTHER_CONFIG, ENTRY_READ };

/* The profile's entry (step 4 of warm_cache_fresh_token), read into `token`. An entry written
 * for another config (the config edited since, another profile logged in) is not used, but it
 * says a session was cached: a process may be refreshing it right now. */
static enum entry_state read_entry(const char *runtime, const char *profile, const char *summary, const char *fingerprint,
                                   struct warm_token *token) {
    char path[PATH_LIMIT], suffix[18] = "";
    if (*summary) {
        suffix[0] = '+';
        fnv1a_hex64(summary, suffix + 1);
    }
    if (snprintf(path, sizeof path, "%s/authhelper/%s%s", runtime, profile, suffix) >= (int)sizeof path) return ENTRY_NONE;
    char *cursor = read_private_file(path, CACHE_LIMIT);
    const char *magic = next_line(&cursor);
    const char *recorded = next_line(&cursor);
    const char *expires = next_line(&cursor);
    const char *obtained = next_line(&cursor);
    char *access_token = next_line(&cursor);
    const char *audience = next_line(&cursor);  /* an audience's entry names it; the profile's own has none */
    if (!magic || !access_token || strcmp(magic, cache_magic) != 0 || !parse_seconds(expires, &token->expires_at) ||
        !parse_seconds(obtained, &token->obtained_at) || *access_token == '\0' || strcmp(audience ? audience : "", summary) != 0)
        return ENTRY_NONE;
    if (strcmp(recorded, fingerprint) != 0) return ENTRY_OTHER_CONFIG;
    token->access_token = access_token;
    return ENTRY_READ;
}

static long long now_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (long long)now.tv_sec;
}

bool warm_cache_fresh_token(const struct warm_request *request, struct warm_token *token) {
    /* 1. The cache is on and there is a runtime folder to hold it. */
    if (variable_is_set("AUTHHELPER_NO_CACHE")) return false;
    const char *runtime = variable("XDG_RUNTIME_DIR");
    if (!is_usable_folder(runtime)) return false;

    /* 2. The config file's fingerprint, which the entry must carry. */
    char config[PATH_LIMIT], fingerprint[128];
    if (!config_path(request, config)) return false;
    config_fingerprint(config, fingerprint, sizeof fingerprint);

    /* 3. The profile: named, or the config's recorded default. */
    const char *profile = request->profile_flag ? request->profile_flag : variable("AUTHHELPER_PROFILE");
    if (!profile) profile = recorded_default_profile(runtime, fingerprint);
    if (!profile || !is_profile_name(profile)) return false;

    /* 4. Its entry (the audience's, with --resource or --scope): ours, private, well formed, for this config. */
    char summary[PATH_LIMIT];
    if (!audience_summary(request, summary, sizeof summary)) return false;
    enum entry_state entry = read_entry(runtime, profile, summary, fingerprint, token);
    if (entry == ENTRY_NONE) return false;

    /* 5. Fresh enough for this call. */
    if (entry == ENTRY_READ && is_fresh(request, token, now_seconds())) return true;

    /* 6. Stale, or written for an earlier config: if another process is refreshing it right now
     * (a burst of calls on an expired token), wait for that refresh and read the entry it wrote,
     * instead of starting authhelper-full only to wait for the same lock. Not longer than a
     * refresh should take: then authhelper-full waits, with its own timeout and messages. */
    return wait_for_refresh(runtime, profile, refresh_wait_seconds) &&
           read_entry(runtime, profile, summary, fingerprint, token) == ENTRY_READ && is_fresh(request, token, now_seconds());
}
