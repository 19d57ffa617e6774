// Typed, non-variadic access to libcurl, loaded at run time.
//
// Why dlopen instead of linking: linking libcurl pulls 32 shared libraries into every process
// start, and `authhelper header` answers from its runtime cache without any
// network at all. Only the paths that talk to the server pay for libcurl.
//
// Why shims: curl_easy_setopt and curl_easy_getinfo are variadic and cannot be called from Swift.
// One wrapper per argument kind (long, string, list, callback, pointer) keeps the call sites typed.
#ifndef AUTHHELPER_CCURL_H
#define AUTHHELPER_CCURL_H

#include <stddef.h>
#include <curl/curl.h>

/// Loads libcurl.so.4 once and resolves every function this module uses.
/// Returns 0 on success; otherwise writes a reason into `error` and returns -1.
int ah_curl_load(char *error, size_t error_size);

CURL *ah_curl_easy_init(void);
void ah_curl_easy_cleanup(CURL *handle);
CURLcode ah_curl_easy_perform(CURL *handle);
const char *ah_curl_easy_strerror(CURLcode code);

CURLcode ah_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ah_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ah_curl_setopt_list(CURL *handle, CURLoption option, struct curl_slist *list);
CURLcode ah_curl_setopt_pointer(CURL *handle, CURLoption option, void *pointer);
CURLcode ah_curl_setopt_write_function(CURL *handle, curl_write_callback callback);
/// Copies `size` bytes of `body` into the request (CURLOPT_COPYPOSTFIELDS with an explicit size),
/// so a body may hold any byte and Swift's buffer need not outlive the call.
CURLcode ah_curl_setopt_post_body(CURL *handle, const char *body, long size);

CURLcode ah_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// The string stays owned by the handle and is valid until the next call on it.
CURLcode ah_curl_getinfo_string(CURL *handle, CURLINFO info, char **value);

/// The value of the last response's header `name` (the last request of the transfer), copied into
/// `value` (cut at `size`); -1 when it was not sent. libcurl >= 7.83 (curl_easy_header).
int ah_curl_header_value(CURL *handle, const char *name, char *value, size_t size);

struct curl_slist *ah_curl_slist_append(struct curl_slist *list, const char *string);
void ah_curl_slist_free_all(struct curl_slist *list);

#endif
