/// What `status` reports about one profile. Holds no secret by construction.
public struct ProfileStatus: Sendable {
    public let profile: Profile
    public let isDefault: Bool
    public let store: StoreKind
    public let loggedIn: Bool
    public let accessTokenExpiresAt: Int64?
    public let storeLocation: String
    /// False for a session whose server gave no refresh token: it ends with its access token.
    public let hasRefreshToken: Bool
    /// The session logs in again by itself when it ends (`remember_password`).
    public let remembersPassword: Bool
    /// The tokens for other APIs or narrower scopes in the runtime cache (never the tokens).
    public var audiences: [CachedAudience] = []
    /// Whether the stored session is DPoP-bound (holds its key); nil without a session read.
    /// The session decides, not the config's `dpop` line, which may have been edited.
    public var sessionIsBound: Bool?
    /// Where the config's `dpop` line says otherwise than the session.
    public var bindingDisagreement: BindingDisagreement?
    /// Why its store could not be read here (no Secret Service over SSH, a locked keyring): the
    /// profile is listed all the same, with this instead of its session.
    public var unreadable: AuthError?

    /// A profile whose store could not be read: listed with the reason, not left out.
    public static func unreadable(_ profile: Profile, isDefault: Bool, store: StoreKind, because error: AuthError) -> ProfileStatus {
        var status = ProfileStatus(
            hasRefreshToken: false, remembersPassword: false, profile: profile, isDefault: isDefault, store: store, loggedIn: false,
            accessTokenExpiresAt: nil, storeLocation: "its \(store.rawValue) store")
        status.unreadable = error
        return status
    }

    /// One such token: what it is for (`resource=… scope=…`) and when it expires.
    public struct CachedAudience: Sendable, Equatable {
        public let audience: String
        public let expiresAt: Int64
    }

    public init(
        hasRefreshToken: Bool, remembersPassword: Bool, profile: Profile, isDefault: Bool, store: StoreKind, loggedIn: Bool,
        accessTokenExpiresAt: Int64?, storeLocation: String
    ) {
        self.hasRefreshToken = hasRefreshToken
        self.remembersPassword = remembersPassword
        self.profile = profile
        self.isDefault = isDefault
        self.store = store
        self.loggedIn = loggedIn
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.storeLocation = storeLocation
    }

    /// When a session without a refresh token ends (nil: it can be refreshed, or logs in again
    /// by itself).
    public var sessionEndsAt: Int64? {
        guard loggedIn, !hasRefreshToken, !remembersPassword else { return nil }
        return accessTokenExpiresAt ?? 0
    }

    /// Whether the profile's tokens are DPoP-bound: as the session is, where one was read.
    public var isBound: Bool { sessionIsBound ?? profile.dpop }

    /// For `status --json`.
    public func json(now: Int64) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("profile", .string(profile.name)),
            ("default", .bool(isDefault)),
            ("server", .string(profile.server.description)),
            ("username", profile.username.isEmpty ? .null : .string(profile.username)),
            ("grant", .string(profile.grant.rawValue)),
            ("kind", .string(profile.isOAuth2 ? "oauth2" : "seed")),
            ("dpop", .bool(isBound)),
            ("dpop_in_config", .bool(profile.dpop)),
            ("store", .string(profile.forwardedBy == nil ? store.rawValue : "agent")),
            ("logged_in", .bool(loggedIn)),
            ("refresh_token", .bool(hasRefreshToken)),
            ("remember_password", .bool(remembersPassword)),
        ]
        if let issuer = profile.issuer { members.append(("issuer", .string(issuer.description))) }
        if let unreadable { members.append(("store_unreadable", .string(unreadable.message))) }
        if let agent = profile.forwardedBy { members.append(("agent", .string(agent))) }
        if let expiry = accessTokenExpiresAt {
            members.append(("access_token_expires_at", .string(Clock.rfc3339(expiry))))
            members.append(("access_token_valid", .bool(expiry > now)))
        } else {
            members.append(("access_token_expires_at", .null))
            members.append(("access_token_valid", .bool(false)))
        }
        members.append(("session_ends_at", sessionEndsAt.map { .string(Clock.rfc3339($0)) } ?? .null))
        members.append(
            (
                "audiences",
                .array(
                    audiences.map { cached in
                        .object([
                            ("audience", .string(cached.audience)), ("expires_at", .string(Clock.rfc3339(cached.expiresAt))),
                            ("valid", .bool(cached.expiresAt > now)),
                        ])
                    })
            ))
        return .object(members)
    }

    /// For people.
    public func text(now: Int64) -> String {
        var lines = [
            "profile:       \(profile.name)\(isDefault ? " (default)" : "")",
            "server:        \(profile.server)",
            """
            username:      \
            \(profile.username.isEmpty ? "(not given; the \(profile.grant.rawValue) login asks for none)" : profile.username)
            """,
        ]
        if profile.grant != .password {
            lines.append("logs in with:  \(profile.grant == .device ? "a device code (RFC 8628)" : "a browser (PKCE)")")
        }
        if let issuer = profile.issuer { lines.append("issuer:        \(issuer)") }
        if isBound { lines.append("token binding: DPoP (RFC 9449): tokens work only with a proof of the key kept in the store") }
        if let disagreement = bindingDisagreement {
            lines.append("binding:       \(disagreement.detail). \(disagreement.fix)")
        }
        if let unreadable {
            lines.append("session:       unknown here: \(unreadable.message)")
            return lines.joined(separator: "\n")
        }
        if let expiry = accessTokenExpiresAt {
            let next = hasRefreshToken || remembersPassword ? "the next call refreshes it" : "log in again"
            let state =
                expiry > now
                ? "valid until \(Clock.rfc3339(expiry)) (\(Clock.humanDuration(expiry - now)) left)"
                : "expired at \(Clock.rfc3339(expiry)); \(next)"
            lines.append("access token:  \(state)")
        } else {
            lines.append("access token:  none")
        }
        for cached in audiences {
            let state =
                cached.expiresAt > now ? "valid until \(Clock.rfc3339(cached.expiresAt))" : "expired at \(Clock.rfc3339(cached.expiresAt))"
            lines.append("token for:     \(cached.audience): \(state)")
        }
        if !loggedIn {
            lines.append("refresh token: none (not logged in)")
        } else if hasRefreshToken {
            lines.append("refresh token: held in \(storeLocation)")
        } else if remembersPassword {
            lines.append(
                """
                refresh token: none (the server gives none); the password is remembered in \(storeLocation), so a new session starts \
                by itself
                """
            )
        } else {
            let end = accessTokenExpiresAt.map { Clock.rfc3339($0) } ?? "now"
            lines.append("refresh token: none (the server gives none); the session ends at \(end)")
            if let hint = profile.offlineAccessHint { lines.append("               \(hint)") }
        }
        return lines.joined(separator: "\n")
    }
}
