import CSignals

/// Holds back SIGINT, SIGTERM, SIGHUP and SIGQUIT from the moment the server has rotated the
/// refresh token (its answer has arrived) until the new pair is stored: an impatient Ctrl-C or a
/// `kill` then takes effect a few milliseconds later instead of losing the session. SIGKILL cannot
/// be held; that window is documented in authhelper(1).
///
/// The signals are recorded by handlers rather than blocked with a mask, because a mask covers one
/// thread and GLib's and libcurl's threads would still take the default action (see csignals.h).
public final class DeferredSignals {
    private var active = false
    private var heldSince: Double?

    public init() {}

    public func begin() {
        guard !active else { return }
        ah_signals_hold()
        active = true
        heldSince = Clock.monotonicMilliseconds()
    }

    /// How long the hold has lasted so far: from the server's answer to now. While a refresh is
    /// being stored this is the window a SIGKILL would lose the session in.
    public var heldMilliseconds: Double? {
        heldSince.map { Clock.monotonicMilliseconds() - $0 }
    }

    /// Delivers whatever arrived meanwhile (which usually ends the process, as it should).
    public func end() {
        guard active else { return }
        active = false
        ah_signals_release()
    }

    deinit { end() }
}
