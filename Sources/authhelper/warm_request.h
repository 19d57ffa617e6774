/* The command lines the front answers itself, parsed as authhelper-full parses them (GlobalOptionTable,
 * CommandLineLayout, FastPath.parse, Exec's options). Only the plain forms: anything else — an
 * unknown option, --help, -v, --token-file, an option given twice — is "not mine", and the
 * front hands the whole command line to authhelper-full, which parses it properly. */
#ifndef AUTHHELPER_WARM_REQUEST_H
#define AUTHHELPER_WARM_REQUEST_H

#include <stdbool.h>

enum { WARM_RESOURCE_LIMIT = 16 };

enum warm_command { WARM_HEADER, WARM_TOKEN, WARM_EXEC };

struct warm_request {
    enum warm_command command;
    const char *profile_flag;   /* --profile, or NULL */
    const char *config_flag;    /* --config, or NULL */
    bool has_min_ttl;           /* --min-ttl given: a promise (Freshness.atLeast) */
    long long min_ttl;
    const char *token_variable; /* exec: --env, else AUTHHELPER_TOKEN */
    const char *header_variable;/* exec: --header-env, or NULL */
    char **program;             /* exec: the program and its arguments, NULL-terminated */
    const char *resources[WARM_RESOURCE_LIMIT]; /* --resource, in the order given */
    int resource_count;
    const char *scope;          /* --scope, or NULL */
};

/* Fills `request` from argv; false when the command line is not one the front answers. */
bool warm_request_parse(int argc, char **argv, struct warm_request *request);

#endif
