#include "ccurl.h"

#include <pthread.h>
#include <stdio.h>

#include "cloader.h"

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
static __typeof__(&curl_easy_header) p_easy_header;

static const ah_symbol curl_symbols[] = {
    AH_SYMBOL_ENTRY(curl_global_init, p_global_init),     AH_SYMBOL_ENTRY(curl_easy_init, p_easy_init),
    AH_SYMBOL_ENTRY(curl_easy_cleanup, p_easy_cleanup),   AH_SYMBOL_ENTRY(curl_easy_perform, p_easy_perform),
    AH_SYMBOL_ENTRY(curl_easy_strerror, p_easy_strerror), AH_SYMBOL_ENTRY(curl_easy_setopt, p_easy_setopt),
    AH_SYMBOL_ENTRY(curl_easy_getinfo, p_easy_getinfo),   AH_SYMBOL_ENTRY(curl_slist_append, p_slist_append),
    AH_SYMBOL_ENTRY(curl_slist_free_all, p_slist_free_all), AH_SYMBOL_ENTRY(curl_easy_header, p_easy_header),
};
static ah_library curl_library = AH_LIBRARY("libcurl.so.4", curl_symbols);

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status = -1;

// curl_global_init is not thread-safe in older libcurl; pthread_once makes it run exactly once.
static void global_init(void) { init_status = p_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1; }

int ah_curl_load(char *error, size_t error_size) {
    if (ah_library_load(&curl_library, error, error_size) != 0) return -1;
    pthread_once(&init_once, global_init);
    if (init_status != 0 && error && error_size > 0) snprintf(error, error_size, "curl_global_init failed");
    return init_status;
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

int ah_curl_header_value(CURL *handle, const char *name, char *value, size_t size) {
    struct curl_header *header = NULL;
    if (size == 0 || p_easy_header(handle, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return -1;
    snprintf(value, size, "%s", header->value);
    return 0;
}
