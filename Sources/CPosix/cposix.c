// The front's command line, for its Embedded Swift build, which has no CommandLine.
//
// glibc calls every function in .init_array with (argc, argv, envp) before main; the Swift
// runtime captures CommandLine the same way on Linux. Capturing it here, rather than declaring
// main ourselves, leaves the entry point to SwiftPM (which renames it, so the tests can link
// executable modules) and to the Makefile's release build alike.
#include "cposix.h"

static int saved_argc;
static char **saved_argv;

__attribute__((constructor)) static void cposix_capture_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    saved_argc = argc;
    saved_argv = argv;
}

int cposix_argc(void) { return saved_argc; }
char **cposix_argv(void) { return saved_argv; }
