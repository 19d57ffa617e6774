/// The secret document of one profile, kept whole in one keyring item (or the opted-in file):
/// the refresh token, the client secret if any, and the last access token with its expiry.
public struct StoredSession: Equatable, Sendable {
    public var refreshToken: String
    public var clientSecret: String?
    public var accessToken: String?
    /// Seconds since the epoch.
    public var accessExpiresAt: Int64?
    /// When the access token was received; it tells its full lifetime.
    public var accessObtainedAt: Int64?

    public init(
        refreshToken: String, clientSecret: String? = nil, accessToken: String? = nil,
        accessExpiresAt: Int64? = nil, accessObtainedAt: Int64? = nil
    ) {
        self.refreshToken = refreshToken
        self.clientSecret = clientSecret
        self.accessToken = accessToken
        self.accessExpiresAt = accessExpiresAt
        self.accessObtainedAt = accessObtainedAt
    }

    public init(grant: TokenGrant, clientSecret: String?) {
        self.init(
            refreshToken: grant.refreshToken, clientSecret: clientSecret, accessToken: grant.accessToken,
            accessExpiresAt: grant.expiresAt, accessObtainedAt: grant.obtainedAt)
    }

    /// The stored access token, fresh or not.
    public var access: CachedToken? {
        guard let accessToken, let accessExpiresAt else { return nil }
        return CachedToken(accessToken: accessToken, expiresAt: accessExpiresAt, obtainedAt: accessObtainedAt ?? accessExpiresAt)
    }

    static let version = 1

    public var serialized: String {
        var members: [(String, JSONValue)] = [("version", .number(Double(Self.version))), ("refresh_token", .string(refreshToken))]
        if let clientSecret { members.append(("client_secret", .string(clientSecret))) }
        if let accessToken { members.append(("access_token", .string(accessToken))) }
        if let accessExpiresAt { members.append(("access_token_expires_at", .number(Double(accessExpiresAt)))) }
        if let accessObtainedAt { members.append(("access_token_obtained_at", .number(Double(accessObtainedAt)))) }
        return JSONValue.object(members).serialized
    }

    /// Reads the document; nil when it is not one of ours (then it is left alone, never overwritten blindly).
    public init?(serialized text: String) {
        guard let json = try? JSONValue.parse(text), json["version"]?.integerValue == Int64(Self.version),
            let refresh = json["refresh_token"]?.stringValue, !refresh.isEmpty
        else { return nil }
        self.init(
            refreshToken: refresh, clientSecret: json["client_secret"]?.stringValue,
            accessToken: json["access_token"]?.stringValue,
            accessExpiresAt: json["access_token_expires_at"]?.integerValue,
            accessObtainedAt: json["access_token_obtained_at"]?.integerValue)
    }
}
