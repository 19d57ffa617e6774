/// The secret document of one profile, kept whole in one keyring item (or the opted-in file):
/// the refresh token, the client secret if any, and the last access token with its expiry.
public struct StoredSession: Equatable, Sendable {
    public var refreshToken: String
    public var clientSecret: String?
    public var accessToken: String?
    /// Seconds since the epoch.
    public var accessExpiresAt: Int64?

    public init(refreshToken: String, clientSecret: String? = nil, accessToken: String? = nil, accessExpiresAt: Int64? = nil) {
        self.refreshToken = refreshToken
        self.clientSecret = clientSecret
        self.accessToken = accessToken
        self.accessExpiresAt = accessExpiresAt
    }

    public init(grant: TokenGrant, clientSecret: String?) {
        self.init(refreshToken: grant.refreshToken, clientSecret: clientSecret,
                  accessToken: grant.accessToken, accessExpiresAt: grant.expiresAt)
    }

    /// The access token if it stays valid for at least `minTTL` more seconds.
    public func accessToken(validFor minTTL: Int64, now: Int64) -> CachedToken? {
        guard let accessToken, let accessExpiresAt, accessExpiresAt - now >= minTTL else { return nil }
        return CachedToken(accessToken: accessToken, expiresAt: accessExpiresAt)
    }

    static let version = 1

    public var serialized: String {
        var members: [(String, JSONValue)] = [("version", .number(Double(Self.version))), ("refresh_token", .string(refreshToken))]
        if let clientSecret { members.append(("client_secret", .string(clientSecret))) }
        if let accessToken { members.append(("access_token", .string(accessToken))) }
        if let accessExpiresAt { members.append(("access_token_expires_at", .number(Double(accessExpiresAt)))) }
        return JSONValue.object(members).serialized
    }

    /// Reads the document; nil when it is not one of ours (then it is left alone, never overwritten blindly).
    public init?(serialized text: String) {
        guard let json = try? JSONValue.parse(text), json["version"]?.integerValue == Int64(Self.version),
              let refresh = json["refresh_token"]?.stringValue, !refresh.isEmpty else { return nil }
        self.init(refreshToken: refresh, clientSecret: json["client_secret"]?.stringValue,
                  accessToken: json["access_token"]?.stringValue,
                  accessExpiresAt: json["access_token_expires_at"]?.integerValue)
    }
}

/// An access token and when it expires.
public struct CachedToken: Equatable, Sendable {
    public let accessToken: String
    public let expiresAt: Int64

    public init(accessToken: String, expiresAt: Int64) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
    }
}

/// Keeps one profile's secret document. Implementations must never delete on a failed read.
public protocol SecretStore: Sendable {
    /// A short description for messages and `status` ("the keyring", "the file …").
    var location: String { get }
    /// Fails when the store cannot be used now (no Secret Service, locked…); checked before login.
    func probe() throws(AuthError)
    func load() throws(AuthError) -> StoredSession?
    func save(_ session: StoredSession) throws(AuthError)
    /// Returns whether something was deleted.
    @discardableResult func delete() throws(AuthError) -> Bool
}
