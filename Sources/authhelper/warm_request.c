#include "warm_request.h"

#include <string.h>

/* "--name value" or "--name=value" at argv[*index]: the value, and *index moved past it.
 * A valued option without its value does not match (authhelper-full then reports it). */
static const char *option_value(int argc, char **argv, int *index, const char *name) {
    const char *argument = argv[*index];
    size_t length = strlen(name);
    if (strcmp(argument, name) == 0) {
        if (*index + 1 >= argc) return NULL;
        *index += 2;
        return argv[*index - 1];
    }
    if (strncmp(argument, name, length) == 0 && argument[length] == '=') {
        *index += 1;
        return argument + length + 1;
    }
    return NULL;
}

/* A decimal count as the warm path accepts it: digits only, no sign, no overflow. */
static bool parse_count(const char *text, long long max, long long *value) {
    if (*text == '\0') return false;
    long long result = 0;
    for (const char *c = text; *c; c++) {
        if (*c < '0' || *c > '9') return false;
        if (result > (max - (*c - '0')) / 10) return false;
        result = result * 10 + (*c - '0');
    }
    *value = result;
    return true;
}

/* Exec.isVariableName: letters, digits and '_', not starting with a digit. */
static bool is_variable_name(const char *name) {
    if (!((*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z') || *name == '_')) return false;
    for (const char *c = name; *c; c++) {
        bool ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
        if (!ok) return false;
    }
    return true;
}

/* One global option (GlobalOptionTable) at argv[*index]; 1 taken, 0 not a global option,
 * -1 one the front leaves to authhelper-full (-v wants its debug lines, a second occurrence
 * may conflict, a --timeout it does not accept gets the full parser's usage error). */
static int global_option(int argc, char **argv, int *index, struct warm_request *request) {
    const char *value;
    if ((value = option_value(argc, argv, index, "--profile"))) {
        if (request->profile_flag) return -1;
        request->profile_flag = value;
        return 1;
    }
    if ((value = option_value(argc, argv, index, "--config"))) {
        if (request->config_flag || *value == '\0') return -1;
        request->config_flag = value;
        return 1;
    }
    if ((value = option_value(argc, argv, index, "--timeout"))) {
        long long seconds;
        return parse_count(value, 3600, &seconds) && seconds >= 1 ? 1 : -1;  /* GlobalOptions.timeoutRange */
    }
    if (strcmp(argv[*index], "--no-prompt") == 0) {
        *index += 1;
        return 1;
    }
    const char *argument = argv[*index];
    if (strcmp(argument, "-v") == 0 || strcmp(argument, "--verbose") == 0) return -1;
    if (strncmp(argument, "--profile", 9) == 0 || strncmp(argument, "--config", 8) == 0 || strncmp(argument, "--timeout", 9) == 0)
        return -1;  /* the option without its value */
    return 0;
}

/* --min-ttl, --resource, --scope, or for exec --env and --header-env; same conventions as global_option. */
static int command_option(int argc, char **argv, int *index, struct warm_request *request) {
    const char *value;
    if ((value = option_value(argc, argv, index, "--min-ttl"))) {
        if (request->has_min_ttl || !parse_count(value, 0x7fffffffffffffffLL, &request->min_ttl)) return -1;
        request->has_min_ttl = true;
        return 1;
    }
    if ((value = option_value(argc, argv, index, "--resource"))) {
        if (request->resource_count == WARM_RESOURCE_LIMIT || *value == '\0') return -1;
        request->resources[request->resource_count++] = value;
        return 1;
    }
    if ((value = option_value(argc, argv, index, "--scope"))) {
        if (request->scope || strspn(value, " ") == strlen(value)) return -1;
        request->scope = value;
        return 1;
    }
    if (request->command != WARM_EXEC) return 0;
    if ((value = option_value(argc, argv, index, "--env"))) {
        if (request->token_variable || !is_variable_name(value)) return -1;
        request->token_variable = value;
        return 1;
    }
    if ((value = option_value(argc, argv, index, "--header-env"))) {
        if (request->header_variable || !is_variable_name(value)) return -1;
        request->header_variable = value;
        return 1;
    }
    return 0;
}

bool warm_request_parse(int argc, char **argv, struct warm_request *request) {
    memset(request, 0, sizeof *request);
    int index = 1;

    /* Global options may come before the command name (CommandLineLayout). */
    int taken;
    while (index < argc && (taken = global_option(argc, argv, &index, request)) != 0) {
        if (taken < 0) return false;
    }
    if (index >= argc) return false;
    const char *name = argv[index++];
    if (strcmp(name, "header") == 0) request->command = WARM_HEADER;
    else if (strcmp(name, "token") == 0) request->command = WARM_TOKEN;
    else if (strcmp(name, "exec") == 0) request->command = WARM_EXEC;
    else return false;

    while (index < argc) {
        taken = global_option(argc, argv, &index, request);
        if (taken == 0) taken = command_option(argc, argv, &index, request);
        if (taken < 0) return false;
        if (taken > 0) continue;
        /* Not an option of ours. header and token take nothing else; exec's program starts
         * after "--" or at the first argument that is not an option. Anything else that looks
         * like an option (--help, --token-file, a typo) is the full parser's to answer. */
        if (request->command != WARM_EXEC) return false;
        if (strcmp(argv[index], "--") == 0) index++;
        else if (argv[index][0] == '-') return false;
        if (index >= argc) return false;
        request->program = argv + index;
        break;
    }
    if (request->command == WARM_EXEC) {
        if (!request->program) return false;
        if (!request->token_variable) request->token_variable = "AUTHHELPER_TOKEN";
    }
    return true;
}
