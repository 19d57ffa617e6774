/// The secret document of one profile, kept whole in one keyring item (or the opted-in file):
/// the refresh token, the client secret if any, the last access token with its expiry, and, only
/// with `remember_password`, the password.
public struct StoredSession: Equatable, Sendable {
    /// Nil for a session whose server gave no refresh token: it ends with its access token.
    public var refreshToken: String?
    public var clientSecret: String?
    public var accessToken: String?
    /// Seconds since the epoch.
    public var accessExpiresAt: Int64?
    /// When the access token was received; it tells its full lifetime.
    public var accessObtainedAt: Int64?
    /// Kept only when the profile opts in (`remember_password`), to log in again by itself.
    public var password: String?
    /// The token endpoint's origin and the client the session was issued to; nil for a session
    /// stored before authhelper recorded it.
    public var binding: SessionBinding?
    /// The DPoP key the session's tokens are bound to (RFC 9449), as DPoPKey.stored; nil for a
    /// bearer session. A secret: it lives here, in the store, only.
    public var dpopKey: String?
    /// RFC 7591's registration access token of a client authhelper registered itself as
    /// (`login URL`): a secret, kept with the session and carried over by every refresh.
    public var registrationAccessToken: String?
    /// What the login of this session was a step-up for (StepUpChallenge.memo), carried over by
    /// every refresh and dropped by any other login: a tool that brings the same challenge again
    /// gets no second login.
    public var steppedUpFor: String?

    public init(
        refreshToken: String?, clientSecret: String? = nil, accessToken: String? = nil,
        accessExpiresAt: Int64? = nil, accessObtainedAt: Int64? = nil, password: String? = nil, binding: SessionBinding? = nil
    ) {
        self.refreshToken = refreshToken
        self.clientSecret = clientSecret
        self.accessToken = accessToken
        self.accessExpiresAt = accessExpiresAt
        self.accessObtainedAt = accessObtainedAt
        self.password = password
        self.binding = binding
    }

    /// Its DPoP key, when the session is bound to one.
    public var key: DPoPKey? { dpopKey.flatMap(DPoPKey.init(stored:)) }

    /// The session after `grant`, issued where `binding` says; a grant without a refresh token
    /// keeps `previous`'s (a server that does not rotate).
    /// A refresh keeps `previous`'s DPoP key: the new token is bound to the same one.
    public init(
        grant: TokenGrant, clientSecret: String?, binding: SessionBinding, previous: StoredSession? = nil, password: String? = nil,
        dpopKey: DPoPKey? = nil
    ) {
        self.init(
            refreshToken: grant.refreshToken ?? previous?.refreshToken, clientSecret: clientSecret,
            accessToken: grant.accessToken, accessExpiresAt: grant.expiresAt, accessObtainedAt: grant.obtainedAt,
            password: password, binding: binding)
        self.dpopKey = dpopKey?.stored ?? previous?.dpopKey
        self.registrationAccessToken = previous?.registrationAccessToken
        self.steppedUpFor = previous?.steppedUpFor
    }

    /// The stored access token, fresh or not.
    public var access: CachedToken? {
        guard let accessToken, let accessExpiresAt else { return nil }
        return CachedToken(accessToken: accessToken, expiresAt: accessExpiresAt, obtainedAt: accessObtainedAt ?? accessExpiresAt)
    }

    static let version = 1

    public var serialized: String {
        var members: [(String, JSONValue)] = [("version", .number(Double(Self.version)))]
        if let refreshToken { members.append(("refresh_token", .string(refreshToken))) }
        if let clientSecret { members.append(("client_secret", .string(clientSecret))) }
        if let accessToken { members.append(("access_token", .string(accessToken))) }
        if let accessExpiresAt { members.append(("access_token_expires_at", .number(Double(accessExpiresAt)))) }
        if let accessObtainedAt { members.append(("access_token_obtained_at", .number(Double(accessObtainedAt)))) }
        if let password { members.append(("password", .string(password))) }
        if let dpopKey { members.append(("dpop_key", .string(dpopKey))) }
        if let registrationAccessToken { members.append(("registration_access_token", .string(registrationAccessToken))) }
        if let steppedUpFor { members.append(("stepped_up_for", .string(steppedUpFor))) }
        if let binding {
            members.append(("token_origin", .string(binding.tokenOrigin)))
            if let clientID = binding.clientID { members.append(("client_id", .string(clientID))) }
            for key in SessionBinding.boundEndpointKeys {
                if let origin = binding.endpointOrigins[key] { members.append(("origin_" + key, .string(origin))) }
            }
        }
        return JSONValue.object(members).serialized
    }

    /// Reads the document; nil when it is not one of ours (then it is left alone, never overwritten
    /// blindly). A document must hold a refresh token or an access token.
    public init?(serialized text: String) {
        self.init(document: try? JSONValue.parse(text))
    }

    /// Reads the document from bytes the caller wipes afterwards (SecretBytes), so no copy of
    /// the whole document is left in a String that cannot be wiped.
    public init?(serializedBytes bytes: [UInt8]) {
        self.init(document: try? JSONValue.parse(bytes))
    }

    private init?(document json: JSONValue?) {
        guard let json, json["version"]?.integerValue == Int64(Self.version) else { return nil }
        let refresh = json["refresh_token"]?.stringValue
        let access = json["access_token"]?.stringValue
        guard refresh?.isEmpty == false || access?.isEmpty == false else { return nil }
        self.init(
            refreshToken: refresh?.isEmpty == true ? nil : refresh, clientSecret: json["client_secret"]?.stringValue,
            accessToken: access,
            accessExpiresAt: json["access_token_expires_at"]?.integerValue,
            accessObtainedAt: json["access_token_obtained_at"]?.integerValue,
            password: json["password"]?.stringValue,
            binding: json["token_origin"]?.stringValue.map { origin in
                var endpoints: [String: String] = [:]
                for key in SessionBinding.boundEndpointKeys {
                    if let bound = json["origin_" + key]?.stringValue { endpoints[key] = bound }
                }
                return SessionBinding(tokenOrigin: origin, clientID: json["client_id"]?.stringValue, endpointOrigins: endpoints)
            })
        self.dpopKey = json["dpop_key"]?.stringValue
        self.registrationAccessToken = json["registration_access_token"]?.stringValue
        self.steppedUpFor = json["stepped_up_for"]?.stringValue
    }
}
