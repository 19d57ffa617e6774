/// Hands out fresh access tokens under the contract's refresh discipline.
///
/// Refresh tokens are single-use. The lock-free reads serve the common case; a refresh happens
/// only under the profile's lock, after re-reading the store, and the new pair is stored before
/// anything is printed. A rejected refresh token is re-checked against the store, because another
/// process (a login, say) may have replaced it meanwhile; only an unchanged, rejected session is
/// removed, and nothing that changed is touched.
public struct TokenService: Sendable {
    public let context: AuthContext
    /// When this process began asking; a token received since then is as fresh as a refresh now
    /// could make it.
    let startedAt: Int64

    public init(context: AuthContext) {
        self.context = context
        self.startedAt = Clock.now()
    }

    /// A token that is fresh for `minTTL` (see `CachedToken.isFresh`). Under the lock, a token
    /// that another process received after this one started is accepted while unexpired: a second
    /// refresh could not do better, and would spend a refresh token for nothing.
    public func freshToken(minTTL: Int64) throws(AuthError) -> CachedToken {
        let config = try context.loadConfig()
        let profile = try context.requireProfile(in: config)
        _ = try context.storeKind(for: profile)
        let fingerprint = context.configFingerprint
        let cacheOn = context.cacheEnabled(for: profile)
        if cacheOn {
            recordDefault(profile: profile, config: config, fingerprint: fingerprint)
            if let token = context.runtimeCache.read(profile: profile.name, configFingerprint: fingerprint),
               token.isFresh(minTTL: minTTL, now: Clock.now()) {
                context.diagnostics.debug("profile \(profile.name): access token from the runtime cache, valid until \(Clock.rfc3339(token.expiresAt))")
                return token
            }
        } else if !profile.cache {
            // The profile turned the cache off: a file left from before must not linger.
            // (AUTHHELPER_NO_CACHE only bypasses it for this process.)
            try? context.runtimeCache.remove(profile: profile.name)
        }
        let store = try context.store(for: profile)
        guard let seen = try store.load() else { throw notLoggedIn(profile) }
        if let token = seen.access, token.isFresh(minTTL: minTTL, now: Clock.now()) {
            context.diagnostics.debug("profile \(profile.name): access token from \(store.location), valid until \(Clock.rfc3339(token.expiresAt))")
            if cacheOn { writeCache(profile, token, fingerprint) }
            return token
        }
        return try refresh(profile: profile, store: store, minTTL: minTTL, force: false, fingerprint: fingerprint, cacheOn: cacheOn)
    }

    /// `authhelper refresh`: spends the refresh token now, whatever the access token's age.
    /// With `rejected`, the token a server just refused: if another process has already replaced
    /// it in the store, that replacement is returned instead of refreshing again.
    public func forceRefresh(rejected: String? = nil) throws(AuthError) -> CachedToken {
        let config = try context.loadConfig()
        let profile = try context.requireProfile(in: config)
        let store = try context.store(for: profile)
        let fingerprint = context.configFingerprint
        return try refresh(profile: profile, store: store, minTTL: 0, force: true, rejected: rejected,
                           fingerprint: fingerprint, cacheOn: context.cacheEnabled(for: profile))
    }

    /// Forgets the access token (runtime cache and the store's copy) so the next call refreshes;
    /// the refresh token stays. Only when `token` is still the current one, if given.
    public func dropAccessToken(matching token: String?) throws(AuthError) {
        let config = try context.loadConfig()
        let profile = try context.requireProfile(in: config)
        let store = try context.store(for: profile)
        let lock = try ProfileLock(path: context.paths.lockFile(profile: profile.name), directory: context.paths.lockDirectory,
                                   profile: profile.name, timeout: context.lockWait(for: profile))
        defer { withExtendedLifetime(lock) {} }
        guard var session = try store.load(), session.accessToken != nil else { return }
        if let token, session.accessToken != token { return }
        session.accessToken = nil
        session.accessExpiresAt = nil
        session.accessObtainedAt = nil
        try store.save(session)
        try context.runtimeCache.remove(profile: profile.name)
    }

    private func refresh(profile: Profile, store: any SecretStore, minTTL: Int64, force: Bool, rejected: String? = nil,
                         fingerprint: String, cacheOn: Bool) throws(AuthError) -> CachedToken {
        let diagnostics = context.diagnostics
        diagnostics.debug("profile \(profile.name): waiting for the refresh lock")
        let lock = try ProfileLock(path: context.paths.lockFile(profile: profile.name), directory: context.paths.lockDirectory,
                                   profile: profile.name, timeout: context.lockWait(for: profile))
        defer { withExtendedLifetime(lock) {} }

        // Re-read under the lock: another process may have refreshed while this one waited.
        guard let current = try store.load() else { throw notLoggedIn(profile) }
        let now = Clock.now()
        if let rejected, let token = current.access, token.accessToken != rejected, token.expiresAt > now {
            diagnostics.debug("profile \(profile.name): another process replaced the rejected token meanwhile")
            if cacheOn { writeCache(profile, token, fingerprint) }
            return token
        }
        if !force, let token = current.access,
           token.isFresh(minTTL: minTTL, now: now) || (token.obtainedAt >= startedAt && token.expiresAt > now) {
            diagnostics.debug("profile \(profile.name): another process refreshed meanwhile")
            if cacheOn { writeCache(profile, token, fingerprint) }
            return token
        }

        let client = context.authClient(for: profile)
        var spent = current
        for _ in 0..<2 {
            let signals = DeferredSignals()
            defer { signals.end() }
            switch try client.refresh(refreshToken: spent.refreshToken, holding: signals) {
            case .granted(let grant):
                let updated = StoredSession(grant: grant, clientSecret: spent.clientSecret)
                do {
                    try store.save(updated)
                } catch {
                    // The server has rotated the pair; the old refresh token is spent. This is the
                    // one window the protocol leaves open: say so plainly. 77, because what the
                    // person must do is log in again, whatever broke the store.
                    throw .notPermitted("The server issued new tokens, but they could not be stored (\(error.message)) and the old refresh token is now spent. Run `authhelper login` once the store works again.")
                }
                let token = CachedToken(grant)
                let window = signals.heldMilliseconds.map { " \(formatMilliseconds($0)) ms after the server's answer" } ?? ""
                diagnostics.debug("profile \(profile.name): refreshed; new pair stored in \(store.location)\(window), access token valid until \(Clock.rfc3339(grant.expiresAt))")
                if cacheOn { writeCache(profile, token, fingerprint) }
                return token
            case .rejected(let detail):
                // Nothing was rotated, so nothing needs protecting: a Ctrl-C at the password
                // prompt below must work at once.
                signals.end()
                // Has the token changed under us (a login in another terminal)? Then use that one.
                let stored = try store.load()
                guard let latest = stored, latest.refreshToken != spent.refreshToken else {
                    let removed = stored.map { retire(rejected: $0, profile: profile, store: store) } ?? false
                    if context.mayPrompt {
                        // Still under the lock: no other process refreshes while the person types.
                        return try logInAgain(profile: profile, store: store, clientSecret: spent.clientSecret,
                                              fingerprint: fingerprint, cacheOn: cacheOn)
                    }
                    throw .notPermitted("The server rejected the refresh token of profile '\(profile.name)' (\(detail)): it has expired or was already used\(removed ? ", so the session was removed" : ""). Run `authhelper login\(profileFlag(profile))` to sign in again.")
                }
                diagnostics.debug("profile \(profile.name): refresh token rejected, but the store holds a newer one")
                if !force, let token = latest.access, token.expiresAt > Clock.now() {
                    if cacheOn { writeCache(profile, token, fingerprint) }
                    return token
                }
                spent = latest
            }
        }
        throw .notPermitted("The server rejected the refresh tokens of profile '\(profile.name)'. Run `authhelper login\(profileFlag(profile))` to sign in again.")
    }

    /// Removes a session whose refresh token the server has just rejected, so `status` and
    /// scripts see "not logged in" instead of a session that can only fail. Called under the lock
    /// and only with what the store still holds unchanged (the caller compared the refresh
    /// tokens), so nothing another process wrote meanwhile is touched.
    ///
    /// A session holding a client secret is kept: the server cannot give that back, and the next
    /// `login` reuses it from the store. Returns whether the session was removed.
    private func retire(rejected session: StoredSession, profile: Profile, store: any SecretStore) -> Bool {
        guard session.clientSecret == nil else {
            context.diagnostics.debug("profile \(profile.name): the rejected session is kept for its client secret")
            return false
        }
        do {
            try store.delete()
            try? context.runtimeCache.remove(profile: profile.name)
            context.diagnostics.debug("profile \(profile.name): removed the session whose refresh token the server rejected")
            return true
        } catch {
            // The rejection is the news; a store that cannot delete now only keeps a dead token.
            context.diagnostics.debug("profile \(profile.name): the rejected session could not be removed: \(error.message)")
            return false
        }
    }

    /// The session has ended and a person is at the terminal: ask for the password on /dev/tty
    /// and log in again, so `$(authhelper header)` in an interactive shell just continues.
    private func logInAgain(profile: Profile, store: any SecretStore, clientSecret: String?,
                            fingerprint: String, cacheOn: Bool) throws(AuthError) -> CachedToken {
        context.diagnostics.info("The session of profile '\(profile.name)' has ended (its refresh token was rejected); log in again.")
        let password = try context.prompter.ask("Password for \(profile.username) on \(profile.server): ", secret: true)
        guard !password.isEmpty else { throw .notPermitted("No password was given. Run `authhelper login\(profileFlag(profile))` to sign in again.") }
        let grant = try context.authClient(for: profile).login(password: password, clientSecret: clientSecret)
        try store.save(StoredSession(grant: grant, clientSecret: clientSecret))
        let token = CachedToken(grant)
        if cacheOn { writeCache(profile, token, fingerprint) }
        return token
    }

    private func writeCache(_ profile: Profile, _ token: CachedToken, _ fingerprint: String) {
        do {
            try context.runtimeCache.write(profile: profile.name, token: token, configFingerprint: fingerprint)
        } catch {
            // The cache is an optimisation; the store holds the truth.
            context.diagnostics.debug("runtime cache not written: \(error.message)")
        }
    }

    /// Lets the fast path resolve the default profile without parsing the config.
    private func recordDefault(profile: Profile, config: Config, fingerprint: String) {
        guard context.profileFlag == nil, context.environment["AUTHHELPER_PROFILE"] == nil else { return }
        guard context.runtimeCache.recordedDefaultProfile(configFingerprint: fingerprint) != profile.name else { return }
        try? context.runtimeCache.recordDefaultProfile(profile.name, configFingerprint: fingerprint)
    }

    private func formatMilliseconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private func profileFlag(_ profile: Profile) -> String {
        context.profileFlag != nil || context.environment["AUTHHELPER_PROFILE"] != nil ? " --profile \(profile.name)" : ""
    }

    private func notLoggedIn(_ profile: Profile) -> AuthError {
        .notPermitted("Not logged in: profile '\(profile.name)' has no session in \((try? context.store(for: profile).location) ?? "its store"). Run `authhelper login\(profileFlag(profile))`.")
    }
}
