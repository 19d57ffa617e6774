#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive per-profile `flock`, so only one process at a time spends a refresh token.
///
/// flock belongs to the open file description: it is released when the process exits however it
/// exits, so a lock is never stale. The file lives in a private 0700 folder of this user.
public final class ProfileLock {
    private let fd: Int32

    /// Waits up to `timeout` seconds for the lock.
    public init(path: String, directory: String, profile: String, timeout: Int) throws(AuthError) {
        try SecureFiles.ensurePrivateDirectory(directory)
        // O_NONBLOCK: a FIFO planted here must be refused below, not waited on in open.
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o600)
        guard fd >= 0 else {
            throw .failure("Cannot open the lock file \(path): \(SecureFiles.errnoText()).")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == getuid() else {
            close(fd)
            throw .failure("The lock file \(path) is not a regular file of yours; remove it and retry.")
        }
        switch FileLockWait.lock(fd, operation: LOCK_EX, milliseconds: Int64(timeout) * 1000) {
        case .locked: self.fd = fd
        case .timedOut:
            close(fd)
            throw .temporary("Another authhelper process has held the lock of profile '\(profile)' for \(timeout) s (\(path)); try again.")
        case .failed(let code):
            close(fd)
            throw .failure("Cannot lock \(path): \(String(cString: strerror(code))).")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
