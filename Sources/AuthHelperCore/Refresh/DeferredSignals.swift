import CSignals

/// Holds back SIGINT, SIGTERM, SIGHUP and SIGQUIT from the moment a refresh request is handed to
/// libcurl until the new pair is stored: the server spends the refresh token when it processes
/// the request, so a process that died in between (an impatient Ctrl-C, a `kill`) would lose the
/// session. The first signal prints one line and takes effect right after the store; a second
/// one abandons at once. The hold lasts at most the request's timeout plus the store. SIGKILL
/// cannot be held; that window is documented in authhelper(1).
///
/// The signals are recorded by handlers rather than blocked with a mask, because a mask covers one
/// thread and GLib's and libcurl's threads would still take the default action (see csignals.h).
public final class DeferredSignals {
    private var active = false
    private var answeredAt: Double?

    public init() {}

    public func begin() {
        guard !active else { return }
        ah_signals_hold()
        active = true
    }

    /// The server's answer has arrived: from here on the window is the client's own.
    public func answered() {
        answeredAt = Clock.monotonicMilliseconds()
    }

    /// How long since the server's answer: while a refresh is being stored this is the window a
    /// SIGKILL would lose the session in.
    public var heldMilliseconds: Double? {
        answeredAt.map { Clock.monotonicMilliseconds() - $0 }
    }

    /// Delivers whatever arrived meanwhile (which usually ends the process, as it should).
    public func end() {
        guard active else { return }
        active = false
        ah_signals_release()
    }

    deinit { end() }
}
