#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// Function pointers typed from curl.h itself, so a signature mismatch is a compile error.
static __typeof__(&curl_global_init) p_global_init;
static __typeof__(&curl_easy_init) p_easy_init;
static __typeof__(&curl_easy_cleanup) p_easy_cleanup;
static __typeof__(&curl_easy_perform) p_easy_perform;
static __typeof__(&curl_easy_strerror) p_easy_strerror;
static __typeof__(&curl_easy_setopt) p_easy_setopt;
static __typeof__(&curl_easy_getinfo) p_easy_getinfo;
static __typeof__(&curl_slist_append) p_slist_append;
static __typeof__(&curl_slist_free_all) p_slist_free_all;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];
static int load_status = -1;

#define RESOLVE(handle, name, target)                                                   \
    do {                                                                                \
        *(void **)(&target) = dlsym(handle, #name);                                     \
        if (!target) {                                                                  \
            snprintf(load_error, sizeof load_error, "libcurl lacks %s", #name);         \
            return;                                                                     \
        }                                                                               \
    } while (0)

static void load(void) {
    // RTLD_LOCAL keeps libcurl's symbols out of the global namespace; nothing else needs them.
    // RTLD_LAZY, as for libsecret (see clibsecret.c): the functions used are resolved with dlsym.
    void *handle = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (!handle) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl.so.4: %s", dlerror());
        return;
    }
    RESOLVE(handle, curl_global_init, p_global_init);
    RESOLVE(handle, curl_easy_init, p_easy_init);
    RESOLVE(handle, curl_easy_cleanup, p_easy_cleanup);
    RESOLVE(handle, curl_easy_perform, p_easy_perform);
    RESOLVE(handle, curl_easy_strerror, p_easy_strerror);
    RESOLVE(handle, curl_easy_setopt, p_easy_setopt);
    RESOLVE(handle, curl_easy_getinfo, p_easy_getinfo);
    RESOLVE(handle, curl_slist_append, p_slist_append);
    RESOLVE(handle, curl_slist_free_all, p_slist_free_all);
    // curl_global_init is not thread-safe in older libcurl; pthread_once makes it run exactly once.
    if (p_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed");
        return;
    }
    load_status = 0;
}

int ah_curl_load(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (load_status != 0 && error && error_size > 0) snprintf(error, error_size, "%s", load_error);
    return load_status;
}

CURL *ah_curl_easy_init(void) { return p_easy_init(); }
void ah_curl_easy_cleanup(CURL *handle) { p_easy_cleanup(handle); }
CURLcode ah_curl_easy_perform(CURL *handle) { return p_easy_perform(handle); }
const char *ah_curl_easy_strerror(CURLcode code) { return p_easy_strerror(code); }

CURLcode ah_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return p_easy_setopt(handle, option, value);
}
CURLcode ah_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return p_easy_setopt(handle, option, value);
}
CURLcode ah_curl_setopt_list(CURL *handle, CURLoption option, struct curl_slist *list) {
    return p_easy_setopt(handle, option, list);
}
CURLcode ah_curl_setopt_pointer(CURL *handle, CURLoption option, void *pointer) {
    return p_easy_setopt(handle, option, pointer);
}
CURLcode ah_curl_setopt_write_function(CURL *handle, curl_write_callback callback) {
    return p_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
CURLcode ah_curl_setopt_post_body(CURL *handle, const char *body, long size) {
    CURLcode code = p_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, size);
    if (code != CURLE_OK) return code;
    return p_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body);
}

CURLcode ah_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return p_easy_getinfo(handle, info, value);
}

CURLcode ah_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return p_easy_getinfo(handle, info, value);
}

struct curl_slist *ah_curl_slist_append(struct curl_slist *list, const char *string) {
    return p_slist_append(list, string);
}
void ah_curl_slist_free_all(struct curl_slist *list) { p_slist_free_all(list); }
