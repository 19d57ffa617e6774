#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive per-profile `flock`, so only one process at a time spends a refresh token.
///
/// flock belongs to the open file description: it is released when the process exits however it
/// exits, so a lock is never stale. The file lives in a private 0700 folder of this user.
public final class ProfileLock {
    private let fd: Int32
    /// The lock's descriptor, for a refresh courier that holds the lock with this process
    /// (the lock belongs to the open file description both share).
    var descriptor: Int32 { fd }

    /// Waits up to `timeout` seconds for the lock of `profile` (RuntimeFolder's lock file).
    public init(folder: RuntimeFolder, profile: String, timeout: Int) throws(AuthError) {
        let fd = try folder.openLock(profile: profile)
        let path = folder.location(of: .lock(profile: profile)) ?? profile
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
