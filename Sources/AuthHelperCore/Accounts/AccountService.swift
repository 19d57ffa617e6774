/// `status` and `logout`: read or remove what a profile holds, never print a secret.
public struct AccountService: Sendable {
    public let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// The selected profile; 77 when it is not configured or holds no session.
    public func status() throws(AuthError) -> ProfileStatus {
        let config = try context.broker.loadConfigWithForwardedProfile()
        let profile = try context.broker.requireProfile(in: config)
        let status = try status(of: profile, config: config)
        guard status.loggedIn else {
            throw .notPermitted(
                "Not logged in: profile '\(profile.name)' has no session in \(status.storeLocation). Run `authhelper login`.")
        }
        return status
    }

    /// Every configured profile, logged in or not, each on its own: one whose store cannot be
    /// read here (a desktop profile over SSH) is listed with the reason, and the others as usual.
    public func statusOfAll() throws(AuthError) -> [ProfileStatus] {
        let config = try context.broker.loadConfig()
        var result: [ProfileStatus] = []
        for profile in config.profiles {
            do {
                result.append(try status(of: profile, config: config))
            } catch {
                result.append(
                    .unreadable(
                        profile, isDefault: config.effectiveDefaultProfile == profile.name,
                        store: (try? context.broker.storeKind(for: profile)) ?? profile.store, because: error))
            }
        }
        return result
    }

    private func status(of profile: Profile, config: Config) throws(AuthError) -> ProfileStatus {
        if let agent = profile.forwardedBy {
            // The session is the laptop's: what this machine can say is the token it is served.
            let token = try CredentialBroker(context: context).tokens(for: profile, attendance: .terminal).freshToken(.standard)
            return ProfileStatus(
                hasRefreshToken: true, remembersPassword: false, profile: profile,
                isDefault: config.effectiveDefaultProfile == profile.name,
                store: profile.store, loggedIn: true, accessTokenExpiresAt: token.expiresAt,
                storeLocation: "the laptop's store, served through the forwarded authhelper agent at \(agent)")
        }
        let store = try context.broker.store(for: profile)
        let session = try store.load()
        var status = ProfileStatus(
            hasRefreshToken: session?.refreshToken != nil, remembersPassword: session?.password != nil,
            profile: profile, isDefault: config.effectiveDefaultProfile == profile.name,
            store: try context.broker.storeKind(for: profile), loggedIn: session != nil,
            accessTokenExpiresAt: session?.accessExpiresAt, storeLocation: store.location)
        if let session {
            status.sessionIsBound = session.key != nil
            status.bindingDisagreement = BindingDisagreement(profile: profile, session: session)
            status.audiences = context.broker.runtimeCache.audienceEntries(
                profile: profile.cacheName, configFingerprint: profile.configFingerprint
            )
            .map { ProfileStatus.CachedAudience(audience: $0.audience, expiresAt: $0.token.expiresAt) }
        }
        return status
    }

    /// What logging out did to one profile.
    public struct LoggedOut: Sendable {
        public let profile: String
        /// What the server was told.
        public let server: ServerSide
        /// Why nothing could be done for it (with --all, the others go on).
        public var failure: AuthError?
        /// Other stores a session of the profile was left in (an earlier login with another
        /// store), and removed from now, each with what its server was told.
        public var leftovers: [LeftoverSession] = []
    }

    /// A session of a profile found in a store the profile no longer names, now removed.
    public struct LeftoverSession: Sendable {
        public let store: String
        /// What its server was told.
        public let server: ServerSide

        /// What was done, in one sentence.
        public func said(profile: String) -> String {
            var told = "the server was not told: its refresh token stays valid there until it expires"
            if case .revoked(let what) = server, !what.isEmpty { told = "revoked at the server" }
            return "Also removed the session of '\(profile)' that an earlier login left in \(store) (\(told))."
        }
    }

    /// What the server learned of a logout.
    public enum ServerSide: Equatable, Sendable {
        /// Revoked what it confirmed ("refresh token", "access token").
        case revoked([String])
        /// It has a revocation endpoint but did not revoke the refresh token.
        case refused
        /// It has no revocation endpoint (the seed API, a server without RFC 7009).
        case noRevocationEndpoint
        /// Not asked: `--local`, no refresh token held, or a session issued elsewhere (said already).
        case notAsked
        /// Not told, because the profile's revocation endpoint is not where the session was bound.
        case notTold(AuthError)
    }

    /// Deletes the secrets of the selected profile (or all) and their runtime caches; the
    /// profile's non-secret settings stay in the config so a later login needs only the password.
    /// Unless `local`, the tokens are first revoked where the server has a revocation endpoint
    /// (RFC 7009), best effort: the local secrets are deleted whatever the server answers.
    /// Returns the profiles that held something.
    public func logout(all: Bool, local: Bool = false, forget: Bool = false) throws(AuthError) -> [LoggedOut] {
        var config = try context.broker.loadConfig()
        let profiles: [Profile]
        if all {
            profiles = config.profiles
        } else {
            let name = try context.broker.profileName(in: config)
            guard let profile = config.profile(named: name) else {
                try context.broker.runtimeCache.removeEveryEntry(of: name)
                return []
            }
            profiles = [profile]
        }
        var cleared: [LoggedOut] = []
        for profile in profiles {
            do {
                let store = try context.broker.store(for: profile)
                let server = try tell(context.broker.tokenServer(for: profile), about: store, profile: profile, local: local)
                let removed = try store.delete()
                let leftovers = sweepOtherStores(of: profile, besides: store, local: local)
                try context.broker.runtimeCache.removeEveryEntry(of: profile.name)
                if removed || !leftovers.isEmpty {
                    cleared.append(LoggedOut(profile: profile.name, server: removed ? server : .notAsked, leftovers: leftovers))
                }
            } catch {
                // With --all, every profile it can: one whose store is out of reach here is said.
                guard all else { throw error }
                cleared.append(LoggedOut(profile: profile.name, server: .notAsked, failure: error))
            }
        }
        if forget {
            // `--forget`: the profile's table goes too, once its session is gone.
            for outcome in cleared where outcome.failure == nil { config.remove(profile: outcome.profile) }
            for profile in profiles where !cleared.contains(where: { $0.profile == profile.name }) { config.remove(profile: profile.name) }
            try ConfigFile.save(config, to: context.paths.configFile)
        }
        return cleared
    }

    /// A session of the profile in a store it no longer names — a desktop-keyring login followed by
    /// one into the kernel store, as the no-D-Bus message advises — would outlive logout, its
    /// refresh token still good at the server. Each other store is asked without a prompt (the
    /// keyring only where a Secret Service answers), its session revoked like the profile's own,
    /// then removed. Best effort: a store out of reach here holds nothing this machine can see.
    /// Logout runs it, and so does a login, once the new session is stored.
    func sweepOtherStores(of profile: Profile, besides current: any SecretStore, local: Bool) -> [LeftoverSession] {
        var swept: [LeftoverSession] = []
        for kind in [StoreKind.keyring, .kernel, .file] {
            if kind == .keyring, !SecretServiceStore(profile: profile, mayPrompt: false).isReachable { continue }
            let other = context.world.makeStore(profile, kind, context.paths, false)
            guard other.location != current.location, (try? other.load()) != nil else { continue }
            let server = (try? tell(context.broker.tokenServer(for: profile), about: other, profile: profile, local: local)) ?? .notAsked
            guard (try? other.delete()) == true else { continue }
            swept.append(LeftoverSession(store: other.location, server: server))
        }
        return swept
    }

    /// Revokes the session where it was issued, and only there: a profile re-pointed by hand, or
    /// a revocation endpoint edited away from the session's binding, would hand it to another server.
    /// The session is read only where there is a server to tell (as before: one store call less).
    private func tell(_ server: any TokenServer, about store: any SecretStore, profile: Profile, local: Bool) throws(AuthError)
        -> ServerSide
    {
        guard !local else { return .notAsked }
        guard server.canRevoke else { return .noRevocationEndpoint }
        guard let session = try store.load(), session.refreshToken != nil || session.accessToken != nil else { return .notAsked }
        guard profile.owns(session) else {
            context.diagnostics.info(
                """
                The session of profile '\(profile.name)' was issued by \(session.binding.map(\.description) ?? "another server"), not \
                the server the profile names now: it was not revoked there, only removed here.
                """
            )
            return .notAsked
        }
        do {
            try profile.requireBound("revocation_url", for: session)
        } catch {
            return .notTold(error)
        }
        let revoked = server.revoke(session)
        return session.refreshToken != nil && !revoked.contains("refresh token") ? .refused : .revoked(revoked)
    }
}
