#define _GNU_SOURCE
#include "ckeyring.h"

#include <errno.h>
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

// Possessor: view, read, write, search, link, setattr; user: the same. Group and others: none.
#define AH_KEY_PERMISSIONS 0x3f3f0000

static long checked(long result) { return result < 0 ? -errno : result; }

long ah_keyring_open(int *is_persistent) {
    // -1: this user. Linking into the process keyring makes this process a possessor.
    long keyring = syscall(SYS_keyctl, KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_PROCESS_KEYRING);
    if (keyring < 0 && errno == EDQUOT) {
        // A full key quota refuses the new process keyring the link needs (other programs of this
        // user may have filled it): link into the session keyring, which exists already. Its
        // processes then possess the persistent keyring too — all of them this user's, who can
        // reach it anyway; that is what `keyctl get_persistent @s` does.
        keyring = syscall(SYS_keyctl, KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_SESSION_KEYRING);
    }
    if (keyring >= 0) {
        *is_persistent = 1;
        return keyring;
    }
    if (errno != EOPNOTSUPP && errno != ENOSYS) {
        return -errno;
    }
    *is_persistent = 0;
    // No persistent keyrings in this kernel: the user keyring (lives while the user has processes).
    return checked(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 1));
}

long ah_keyring_search(long keyring, const char *description) {
    return checked(syscall(SYS_keyctl, KEYCTL_SEARCH, keyring, "user", description, 0));
}

long ah_keyring_store(long keyring, const char *description, const void *payload, size_t length) {
    long key = syscall(SYS_add_key, "user", description, payload, length, keyring);
    if (key < 0) return -errno;
    if (syscall(SYS_keyctl, KEYCTL_SETPERM, key, AH_KEY_PERMISSIONS) < 0) return -errno;
    return key;
}

long ah_keyring_read(long key, void *buffer, size_t capacity) {
    return checked(syscall(SYS_keyctl, KEYCTL_READ, key, buffer, capacity));
}

long ah_keyring_unlink(long key, long keyring) {
    return checked(syscall(SYS_keyctl, KEYCTL_UNLINK, key, keyring));
}

long ah_keyring_describe(long key, char *buffer, size_t capacity) {
    return checked(syscall(SYS_keyctl, KEYCTL_DESCRIBE, key, buffer, capacity));
}

long ah_keyring_invalidate(long key) { return checked(syscall(SYS_keyctl, KEYCTL_INVALIDATE, key)); }
