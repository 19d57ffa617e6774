#if canImport(Glibc)
import Glibc
#endif

/// Holds back SIGINT, SIGTERM, SIGHUP and SIGQUIT from the moment the server has rotated the
/// refresh token (its answer has arrived) until the new pair is stored: an impatient Ctrl-C then
/// takes effect a few milliseconds later instead of losing the session. SIGKILL cannot be held;
/// that window is documented in authhelper(1).
public final class DeferredSignals {
    private var previous = sigset_t()
    private var active = false

    public init() {}

    public func begin() {
        guard !active else { return }
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, &previous)
        active = true
    }

    /// Delivers whatever arrived meanwhile (which usually ends the process, as it should).
    public func end() {
        guard active else { return }
        active = false
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    deinit { end() }
}
