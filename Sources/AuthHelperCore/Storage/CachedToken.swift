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

    public init(_ grant: TokenGrant) {
        self.init(accessToken: grant.accessToken, expiresAt: grant.expiresAt, obtainedAt: grant.obtainedAt)
    }

    /// Its whole lifetime as the server granted it, in seconds.
    public var lifetime: Int64 { max(0, expiresAt - obtainedAt) }
}
