"""Runs a command with the kernel keyring's system calls (keyctl, add_key, request_key) refused
with EPERM, as Docker's default seccomp profile refuses them: `python without_keyctl.py CMD…`.
Uses libseccomp (Debian's libseccomp2) through ctypes; for authhelper's integration tests."""
import ctypes
import errno
import os
import sys

seccomp = ctypes.CDLL("libseccomp.so.2", use_errno=True)
seccomp.seccomp_init.restype = ctypes.c_void_p
seccomp.seccomp_init.argtypes = [ctypes.c_uint32]
seccomp.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
seccomp.seccomp_rule_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint]
seccomp.seccomp_load.argtypes = [ctypes.c_void_p]

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_ACT_ERRNO = 0x00050000 | errno.EPERM

context = seccomp.seccomp_init(SCMP_ACT_ALLOW)
for name in (b"keyctl", b"add_key", b"request_key"):
    number = seccomp.seccomp_syscall_resolve_name(name)
    if seccomp.seccomp_rule_add(context, SCMP_ACT_ERRNO, number, 0) != 0:
        sys.exit(f"cannot add a seccomp rule for {name.decode()}")
if seccomp.seccomp_load(context) != 0:
    sys.exit("cannot load the seccomp filter")
os.execv(sys.argv[1], sys.argv[1:])
