// The C library as WarmPath sees it in the Embedded Swift build of the front.
//
// Embedded Swift on this toolchain has no Glibc module: its standard library is built without the
// platform overlays. This header is that module for the few headers WarmPath uses, plus the two
// things the Glibc overlay adds in Swift and a C header cannot export as they are: `errno` (a
// macro over a thread-local, here a getter and a setter that WarmPath/EmbeddedPortability.swift
// wraps in a property) and `open` (variadic in C, so Swift cannot call it; here with two and with
// three arguments); and the command line, which Embedded Swift's standard library does not
// capture (cposix.c does, as the Swift runtime does). The full build (authhelper-full, the
// tests) imports Glibc as before.
#ifndef CPOSIX_H
#define CPOSIX_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static inline int cposix_errno(void) { return errno; }
static inline void cposix_set_errno(int value) { errno = value; }

static inline int cposix_open(const char *path, int flags) { return open(path, flags); }
static inline int cposix_open_creating(const char *path, int flags, mode_t mode) { return open(path, flags, mode); }

/// The process's argc and argv, as glibc passed them to the constructors (see cposix.c).
int cposix_argc(void);
char **cposix_argv(void);

#endif
