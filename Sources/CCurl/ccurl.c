#include "ccurl.h"

#include <pthread.h>
#include <stdio.h>

#include "cloader.h"

// The functions called, named once (see cloader.h).
#define CURL_FUNCTIONS(X)                                                                   \
    X(curl_global_init) X(curl_easy_init) X(curl_easy_cleanup) X(curl_easy_perform)         \
    X(curl_easy_strerror) X(curl_easy_setopt) X(curl_easy_getinfo) X(curl_slist_append)     \
    X(curl_slist_free_all) X(curl_easy_header)

#define AH_STATIC_POINTER(name) static AH_POINTER(name)
CURL_FUNCTIONS(AH_STATIC_POINTER)
#undef AH_STATIC_POINTER
static const ah_symbol curl_symbols[] = {CURL_FUNCTIONS(AH_TABLE_ENTRY)};
static ah_library curl_library = AH_LIBRARY("libcurl.so.4", curl_symbols);

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status = -1;

// curl_global_init is not thread-safe in older libcurl; pthread_once makes it run exactly once.
static void global_init(void) { init_status = p_curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1; }

int ah_curl_load(char *error, size_t error_size) {
    if (ah_library_load(&curl_library, error, error_size) != 0) return -1;
    pthread_once(&init_once, global_init);
    if (init_status != 0 && error && error_size > 0) snprintf(error, error_size, "curl_global_init failed");
    return init_status;
}

CURL *ah_curl_easy_init(void) { return p_curl_easy_init(); }
void ah_curl_easy_cleanup(CURL *handle) { p_curl_easy_cleanup(handle); }
CURLcode ah_curl_easy_perform(CURL *handle) { return p_curl_easy_perform(handle); }
const char *ah_curl_easy_strerror(CURLcode code) { return p_curl_easy_strerror(code); }

CURLcode ah_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return p_curl_easy_setopt(handle, option, value);
}
CURLcode ah_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return p_curl_easy_setopt(handle, option, value);
}
CURLcode ah_curl_setopt_list(CURL *handle, CURLoption option, struct curl_slist *list) {
    return p_curl_easy_setopt(handle, option, list);
}
CURLcode ah_curl_setopt_pointer(CURL *handle, CURLoption option, void *pointer) {
    return p_curl_easy_setopt(handle, option, pointer);
}
CURLcode ah_curl_setopt_write_function(CURL *handle, curl_write_callback callback) {
    return p_curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
CURLcode ah_curl_setopt_post_body(CURL *handle, const char *body, long size) {
    CURLcode code = p_curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, size);
    if (code != CURLE_OK) return code;
    return p_curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body);
}

CURLcode ah_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return p_curl_easy_getinfo(handle, info, value);
}

CURLcode ah_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return p_curl_easy_getinfo(handle, info, value);
}

struct curl_slist *ah_curl_slist_append(struct curl_slist *list, const char *string) {
    return p_curl_slist_append(list, string);
}
void ah_curl_slist_free_all(struct curl_slist *list) { p_curl_slist_free_all(list); }

int ah_curl_header_value(CURL *handle, const char *name, char *value, size_t size) {
    struct curl_header *header = NULL;
    if (size == 0 || p_curl_easy_header(handle, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header) return -1;
    snprintf(value, size, "%s", header->value);
    return 0;
}
