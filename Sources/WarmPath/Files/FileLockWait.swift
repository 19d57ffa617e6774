#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// Waiting for a `flock` with a bound, written once for the profile lock (authhelper-full) and the
/// front's wait for a refresh under way.
///
/// It polls with LOCK_NB and sleeps between tries on the monotonic clock, so the bound holds
/// whatever the caller's signal mask and handlers are: no alarm, no signal left pending for the
/// program this process may become (`exec`).
public enum FileLockWait {
    public enum Outcome: Equatable {
        case locked
        case timedOut
        /// flock failed for another reason than a holder (errno).
        case failed(Int32)
    }

    /// Takes `operation` (LOCK_EX or LOCK_SH) on `fd`, waiting at most `milliseconds`.
    public static func lock(_ fd: Int32, operation: Int32, milliseconds: Int64) -> Outcome {
        let deadline = Clock.monotonicMilliseconds() + Double(milliseconds)
        var stepMicroseconds: UInt32 = 500
        while flock(fd, operation | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { return .failed(errno) }
            guard Clock.monotonicMilliseconds() < deadline else { return .timedOut }
            usleep(stepMicroseconds)
            stepMicroseconds = min(stepMicroseconds * 2, 20_000)
        }
        return .locked
    }
}
