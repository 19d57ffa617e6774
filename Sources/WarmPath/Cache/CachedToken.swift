/// An access token, when it expires and when it was received.
public struct CachedToken: Equatable, Sendable {
    public let accessToken: String
    public let expiresAt: Int64
    public let obtainedAt: Int64

    public init(accessToken: String, expiresAt: Int64, obtainedAt: Int64) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.obtainedAt = obtainedAt
    }

    /// Its whole lifetime as the server granted it, in seconds; 0 when the recorded times make no
    /// sense (an entry edited to INT64_MIN must not overflow into a trap).
    public var lifetime: Int64 {
        let (difference, overflow) = expiresAt.subtractingReportingOverflow(obtainedAt)
        return overflow ? 0 : max(0, difference)
    }

    /// Seconds left at `now`; 0 when it has expired or the expiry makes no sense.
    public func remaining(at now: Int64) -> Int64 {
        let (difference, overflow) = expiresAt.subtractingReportingOverflow(now)
        return overflow ? 0 : max(0, difference)
    }
}
