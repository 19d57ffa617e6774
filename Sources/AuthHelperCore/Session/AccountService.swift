/// What `status` reports about one profile. Holds no secret by construction.
public struct ProfileStatus: Sendable {
    public let profile: Profile
    public let isDefault: Bool
    public let store: StoreKind
    public let loggedIn: Bool
    public let accessTokenExpiresAt: Int64?
    public let storeLocation: String

    /// For `status --json`.
    public func json(now: Int64) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("profile", .string(profile.name)),
            ("default", .bool(isDefault)),
            ("server", .string(profile.server.description)),
            ("username", .string(profile.username)),
            ("store", .string(store.rawValue)),
            ("logged_in", .bool(loggedIn)),
            ("refresh_token", .bool(loggedIn)),
        ]
        if let expiry = accessTokenExpiresAt {
            members.append(("access_token_expires_at", .string(Clock.rfc3339(expiry))))
            members.append(("access_token_valid", .bool(expiry > now)))
        } else {
            members.append(("access_token_expires_at", .null))
            members.append(("access_token_valid", .bool(false)))
        }
        return .object(members)
    }

    /// For people.
    public func text(now: Int64) -> String {
        var lines = [
            "profile:       \(profile.name)\(isDefault ? " (default)" : "")",
            "server:        \(profile.server)",
            "username:      \(profile.username)",
        ]
        if let expiry = accessTokenExpiresAt {
            let state =
                expiry > now
                ? "valid until \(Clock.rfc3339(expiry)) (\(Clock.humanDuration(expiry - now)) left)"
                : "expired at \(Clock.rfc3339(expiry)); the next call refreshes it"
            lines.append("access token:  \(state)")
        } else {
            lines.append("access token:  none")
        }
        lines.append("refresh token: \(loggedIn ? "held in \(storeLocation)" : "none (not logged in)")")
        return lines.joined(separator: "\n")
    }
}

/// `status` and `logout`: read or remove what a profile holds, never print a secret.
public struct AccountService: Sendable {
    public let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// The selected profile; 77 when it is not configured or holds no session.
    public func status() throws(AuthError) -> ProfileStatus {
        let config = try context.loadConfig()
        let profile = try context.requireProfile(in: config)
        let status = try status(of: profile, config: config)
        guard status.loggedIn else {
            throw .notPermitted("Not logged in: profile '\(profile.name)' has no session in \(status.storeLocation). Run `authhelper login`.")
        }
        return status
    }

    /// Every configured profile, logged in or not.
    public func statusOfAll() throws(AuthError) -> [ProfileStatus] {
        let config = try context.loadConfig()
        var result: [ProfileStatus] = []
        for profile in config.profiles { result.append(try status(of: profile, config: config)) }
        return result
    }

    private func status(of profile: Profile, config: Config) throws(AuthError) -> ProfileStatus {
        let store = try context.store(for: profile)
        let session = try store.load()
        return ProfileStatus(
            profile: profile, isDefault: config.effectiveDefaultProfile == profile.name,
            store: try context.storeKind(for: profile), loggedIn: session != nil,
            accessTokenExpiresAt: session?.accessExpiresAt, storeLocation: store.location)
    }

    /// Deletes the secrets of the selected profile (or all) and their runtime caches; the
    /// profile's non-secret settings stay in the config so a later login needs only the password.
    /// Returns the names of profiles that held something.
    public func logout(all: Bool) throws(AuthError) -> [String] {
        let config = try context.loadConfig()
        let profiles: [Profile]
        if all {
            profiles = config.profiles
        } else {
            let name = try context.profileName(in: config)
            guard let profile = config.profile(named: name) else {
                try context.runtimeCache.remove(profile: name)
                return []
            }
            profiles = [profile]
        }
        var cleared: [String] = []
        for profile in profiles {
            let removed = try context.store(for: profile).delete()
            try context.runtimeCache.remove(profile: profile.name)
            if removed { cleared.append(profile.name) }
        }
        return cleared
    }
}
