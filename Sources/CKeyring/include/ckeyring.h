#ifndef AUTHHELPER_CKEYRING_H
#define AUTHHELPER_CKEYRING_H

#include <stddef.h>

/// The kernel keyring through its system calls (add_key, keyctl): no library to load, and no
/// C type leaves this module. Every function returns >= 0 on success, or -errno.
///
/// Why raw system calls and not libkeyutils: the calls are four, their ABI is stable, and a
/// dlopen of libkeyutils would cost a load on every cache-off call for nothing it adds.

/// The user's persistent keyring (KEYCTL_GET_PERSISTENT, linked into this process's keyring so
/// its keys are possessed; into the session keyring when a full quota refuses a process keyring);
/// where the kernel has none, the user keyring. Its serial number.
long ah_keyring_open(int *is_persistent);

/// The serial number of the `user` key `description` in `keyring`, or -ENOKEY.
long ah_keyring_search(long keyring, const char *description);

/// Creates or replaces (atomically) the `user` key `description` in `keyring` with `payload`,
/// readable and writable by its possessor and this user only. Its serial number.
long ah_keyring_store(long keyring, const char *description, const void *payload, size_t length);

/// Reads a key's payload into `buffer` (up to `capacity` bytes); the payload's full length.
long ah_keyring_read(long key, void *buffer, size_t capacity);

/// Unlinks the key from `keyring` (it is destroyed once nothing links it).
long ah_keyring_unlink(long key, long keyring);

/// `type;uid;gid;perm;description` of a key, NUL-terminated, into `buffer`; the length with the NUL.
/// Needs only the key's view permission, not possession.
long ah_keyring_describe(long key, char *buffer, size_t capacity);

/// Invalidates a key: the kernel unlinks it from every keyring and destroys it. Needs only the
/// key's search permission — no possession, no link, so no quota.
long ah_keyring_invalidate(long key);

#endif
