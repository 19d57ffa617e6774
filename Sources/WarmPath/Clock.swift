#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// Wall-clock time in whole seconds, and RFC 3339 formatting, without Foundation.
public enum Clock {
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }

    /// Milliseconds on a clock that never jumps, for measuring short spans.
    public static func monotonicMilliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
    }

    /// `2026-11-29T01:43:50Z`.
    public static func rfc3339(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    /// `59m`, `2h 5m`, `30s` — for people reading `status`.
    public static func humanDuration(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86400 { return "\(s / 3600)h \((s % 3600) / 60)m" }
        return "\(s / 86400)d \((s % 86400) / 3600)h"
    }
}

/// Where the core reads the time: the system clock in the tool, a fixed one in unit tests.
public protocol TimeSource: Sendable {
    /// Wall-clock seconds since the epoch.
    func now() -> Int64
    /// Waits (the device login's polling interval); a fixed clock just moves on.
    func sleep(seconds: Int)
}

/// The real wall clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Int64 { Clock.now() }

    public func sleep(seconds: Int) {
        var request = timespec(tv_sec: seconds, tv_nsec: 0)
        var remaining = timespec()
        // A signal that does not end the process (SIGWINCH, say) only interrupts the wait.
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}
