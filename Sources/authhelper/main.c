/* authhelper — the front. This is where a warm `header`, `token` and `exec` are answered.
 *
 * Those calls run thousands of times a day and need nothing but one private file: the runtime
 * cache's entry for the profile (warm_cache.h). Starting the whole Swift program for them costs
 * more than everything they do — a 28 MB static executable's relocations, the Swift runtime and
 * Foundation start before the first line runs (README, "Why the code is shaped this way": 2.46 ms
 * against `cat`'s 0.8 ms). So this small C program answers them, and hands every other command
 * line, unchanged, to authhelper-full (the Swift program with every command) with execv: same
 * process, same arguments, same environment, so its exit status and signals are the caller's.
 *
 * The front only answers when it is sure; on any doubt it hands over, and authhelper-full does
 * what it always did. It never refreshes, prompts, parses TOML or writes a file, so it can be
 * slower than it might be but never answer differently: a missing, stale, foreign or malformed
 * entry, an option it does not know, -v, --help — all go on to authhelper-full.
 *
 * authhelper-full is looked for beside this program (the build folder) and then in
 * ../libexec/authhelper/ (an installed tree: /usr/bin/authhelper, /usr/libexec/authhelper/). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "warm_cache.h"
#include "warm_request.h"

extern char **environ;

enum { PATH_LIMIT = 4096, EXIT_UNAVAILABLE = 69, EXIT_OUTPUT_FAILED = 1 };

static const char full_name[] = "authhelper-full";

/* Writes `prefix`, the token and a newline to stdout in one write where the pipe takes it; false
 * when stdout cannot take it (TokenProduct.outputFailedStatus). */
static bool write_product(const char *prefix, const char *token) {
    char *line;
    int length = asprintf(&line, "%s%s\n", prefix, token);
    if (length < 0) return false;
    const char *text = line;
    size_t left = (size_t)length;
    while (left > 0) {
        ssize_t n = write(STDOUT_FILENO, text, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text += n;
        left -= (size_t)n;
    }
    free(line);
    return left == 0;
}

/* `exec`: the environment with the token's variables set (any earlier values removed), then the
 * program in this process, as ExecRunner.replaceProcess does. Returns only when the program cannot
 * be started; authhelper-full then tries again and reports it as a shell would (127, 126). */
static void run_program(const struct warm_request *request, const char *access_token) {
    size_t count = 0;
    while (environ[count]) count++;
    char **environment = calloc(count + 3, sizeof *environment);
    if (!environment) return;
    size_t token_length = strlen(request->token_variable);
    size_t header_length = request->header_variable ? strlen(request->header_variable) : 0;
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        const char *entry = environ[i];
        bool is_token = strncmp(entry, request->token_variable, token_length) == 0 && entry[token_length] == '=';
        bool is_header = header_length && strncmp(entry, request->header_variable, header_length) == 0 && entry[header_length] == '=';
        if (!is_token && !is_header) environment[kept++] = environ[i];
    }
    char *token_entry, *header_entry = NULL;
    if (asprintf(&token_entry, "%s=%s", request->token_variable, access_token) < 0) return;
    environment[kept++] = token_entry;
    if (request->header_variable) {
        if (asprintf(&header_entry, "%s=Authorization: Bearer %s", request->header_variable, access_token) < 0) return;
        environment[kept++] = header_entry;
    }
    environment[kept] = NULL;
    execvpe(request->program[0], request->program, environment);
    free(token_entry);
    free(header_entry);
    free(environment);
}

/* Replaces this process with authhelper-full, the same arguments and environment. */
static int hand_over(char **argv) {
    char self[PATH_LIMIT], candidates[2][PATH_LIMIT];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) {
        fprintf(stderr, "authhelper: error: cannot find where authhelper is installed (/proc/self/exe: %s).\n", strerror(errno));
        return EXIT_UNAVAILABLE;
    }
    self[length] = '\0';
    *strrchr(self, '/') = '\0';
    snprintf(candidates[0], PATH_LIMIT, "%s/%s", self, full_name);
    snprintf(candidates[1], PATH_LIMIT, "%s/../libexec/authhelper/%s", self, full_name);
    int first_error = 0;
    for (int i = 0; i < 2; i++) {
        execv(candidates[i], argv);
        if (errno != ENOENT || !first_error) first_error = errno;
    }
    fprintf(stderr, "authhelper: error: cannot run %s, which runs every command but a warm header, token or exec (looked for %s and %s: %s).\n",
            full_name, candidates[0], candidates[1], strerror(first_error));
    return EXIT_UNAVAILABLE;
}

int main(int argc, char **argv) {
    /* 1. Installed as git-credential-authhelper, it is git's helper: never a warm call. */
    const char *name = strrchr(argv[0], '/');
    name = name ? name + 1 : argv[0];
    bool is_git_helper = strcmp(name, "git-credential-authhelper") == 0;

    /* 2. A warm call: a command line the front knows and a cached token fresh enough for it. */
    struct warm_request request;
    struct warm_token token;
    if (!is_git_helper && warm_request_parse(argc, argv, &request) && warm_cache_fresh_token(&request, &token)) {
        switch (request.command) {
        case WARM_HEADER: return write_product("Authorization: Bearer ", token.access_token) ? 0 : EXIT_OUTPUT_FAILED;
        case WARM_TOKEN: return write_product("", token.access_token) ? 0 : EXIT_OUTPUT_FAILED;
        case WARM_EXEC: run_program(&request, token.access_token); break;
        }
    }

    /* 3. Everything else. */
    return hand_over(argv);
}
