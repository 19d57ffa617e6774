/// Hands out fresh access tokens under the contract's refresh discipline.
///
/// Refresh tokens are single-use. The lock-free reads serve the common case; a refresh happens
/// only under the profile's lock, after re-reading the store, and the new pair is stored before
/// anything is printed. A rejected refresh token is re-checked against the store, because another
/// process (a login, say) may have replaced it meanwhile; only an unchanged, rejected session is
/// removed, and nothing that changed is touched.
struct TokenService: Sendable {
    public let context: AuthContext
    /// The profile, when the caller has resolved it already (curl's scope, git's match, status):
    /// the config is not read again, and a forwarded profile not described by the agent again.
    let resolvedProfile: Profile?
    /// The policies it asks (which profile, store, cache and server), made once from `context`.
    let broker: CredentialBroker

    init(context: AuthContext, profile: Profile? = nil) {
        self.context = context
        self.resolvedProfile = profile
        self.broker = context.broker
    }

    /// The profile a call acts on, with what its runtime cache needs.
    struct Target {
        var profile: Profile
        let fingerprint: String
        let cacheOn: Bool
        /// Whose token: the profile's own, or one for other resources or a narrower scope.
        var audience = Audience.profileDefault

        /// The same profile, for its own token (what a login again hands out).
        var profileOwn: Target {
            var own = self
            own.audience = .profileDefault
            return own
        }

        /// Whether the session is DPoP-bound is the session's own fact (it holds a key), never the
        /// config's editable `dpop` line: a bound session is refused to a bare carrier and cached
        /// apart (`@dpop`), where the front never serves it, even when the line was deleted.
        func bound(by session: StoredSession, carrier: TokenCarrier) throws(AuthError) -> Target {
            guard session.key != nil, !profile.dpop else { return self }
            var bound = self
            bound.profile.dpop = true
            if case .bare(let what) = carrier { try bound.profile.requireBearer(for: what, thoughTheConfigSaysOtherwise: true) }
            return bound
        }
    }

    /// Why a refresh is asked for.
    enum Reason {
        /// The access token this process saw (nil: none) does not meet the caller's freshness.
        case stale(Freshness, seen: String?)
        /// No token was looked at before the lock (the cache had none): one that meets the
        /// caller's freshness will do, or one obtained since `since` (this call's start) that a
        /// refresh now could not better.
        case unseen(Freshness, since: Int64)
        /// `authhelper refresh`, or a server refused `rejected` (the access token just sent).
        case forced(rejected: String?)

        /// What the caller asked of the token; nil for a forced refresh.
        var freshness: Freshness? {
            switch self {
            case .stale(let freshness, _), .unseen(let freshness, _): freshness
            case .forced: nil
            }
        }

        /// Whether `token` is not what this process saw before the lock: another process got it
        /// (a token other than the one seen; with nothing seen, one obtained since the call began).
        func isOtherThanSeen(_ token: CachedToken) -> Bool {
            switch self {
            case .stale(_, let seen): token.accessToken != seen
            case .unseen(_, let since): token.obtainedAt >= since
            case .forced: false
            }
        }
    }

    /// A token that meets `freshness`: from the runtime cache, else the store, else refreshed
    /// under the lock. With an explicit `--min-ttl` that even a fresh token cannot meet, the fresh
    /// token with a warning.
    /// - Parameter audience: a token for other resources or a narrower scope (RFC 8707, RFC 6749
    ///   §6): cached on its own, refreshed from the profile's one refresh token under its one lock.
    /// - Parameter carrier: what the token goes into; one that can carry only a bare token
    ///   refuses a DPoP-bound profile's (RFC 9449), which would not work without a proof.
    public func freshToken(_ freshness: Freshness, audience: Audience = .profileDefault, carrier: TokenCarrier = .bare("this command"))
        throws(AuthError) -> CachedToken
    {
        try freshToken(freshness, audience: audience, carrier: carrier, target: try resolveTarget(audience: audience), seen: nil)
    }

    /// A token for a request authhelper signs itself (curl, `header --url`, mcp-proxy), and the
    /// DPoP key to sign it with where the profile is DPoP-bound: one resolution of the profile and
    /// one read of the store for both — the key comes from the session the token was read or
    /// refreshed from (a refresh keeps the key), or, for a token from the runtime cache, from the
    /// one read the key needs.
    public func tokenAndKey(_ freshness: Freshness, audience: Audience = .profileDefault) throws(AuthError) -> (CachedToken, DPoPKey?) {
        let target = try resolveTarget(audience: audience)
        let seen = SeenSession()
        let token = try freshToken(freshness, audience: audience, carrier: .proof, target: target, seen: seen)
        guard target.profile.dpop else { return (token, nil) }
        var session = seen.session
        if session == nil { session = try broker.store(for: target.profile).load() }
        guard let key = session?.key else { throw noDPoPKey(target.profile) }
        return (token, key)
    }

    private func freshToken(_ freshness: Freshness, audience: Audience, carrier: TokenCarrier, target resolved: Target, seen: SeenSession?)
        throws(AuthError) -> CachedToken
    {
        var target = resolved
        if case .bare(let what) = carrier { try target.profile.requireBearer(for: what) }
        let cached = runtimeCacheEntry(target)
        if let token = cached, freshness.isMet(by: token, now: context.clock.now()) {
            context.diagnostics.debug(
                "profile \(target.profile.name): access token from the runtime cache, valid until \(Clock.rfc3339(token.expiresAt))")
            return token
        }
        if let agent = agentClient(for: target.profile) {
            // A profile forwarded from the laptop: its agent refreshes there, under its lock.
            let token = try agent.token(profile: target.profile.name, freshness: freshness)
            writeCache(target, token)
            warnIfShortOfPromise(token, freshness)
            return token
        }
        let store = SeenSession.recording(try broker.store(for: target.profile), into: seen)
        if target.cacheOn || !audience.isProfileDefault {
            // With the cache on, processes meet in the cache: a process that refreshes writes it
            // before it lets go of the lock. So a miss goes straight to the lock, where the cache
            // is read again before the store: in a burst on an expired token one process refreshes
            // and every other finds the new token in the cache, without a keyring round trip each
            // (README: the burst row). An audience's token is only ever in the cache.
            let reason: Reason = cached.map { .stale(freshness, seen: $0.accessToken) } ?? .unseen(freshness, since: context.clock.now())
            let token = try refreshUnderLock(target, store: store, reason: reason, carrier: carrier)
            warnIfShortOfPromise(token, freshness)
            return token
        }
        guard let seen = try store.load() else { throw notLoggedIn(target.profile) }
        target = try target.bound(by: seen, carrier: carrier)
        if let token = seen.access, freshness.isMet(by: token, now: context.clock.now()) {
            context.diagnostics.debug(
                "profile \(target.profile.name): access token from \(store.location), valid until \(Clock.rfc3339(token.expiresAt))")
            writeCache(target, token)
            return token
        }
        let token = try refreshUnderLock(target, store: store, reason: .stale(freshness, seen: seen.accessToken), carrier: carrier)
        warnIfShortOfPromise(token, freshness)
        return token
    }

    /// `authhelper refresh`: spends the refresh token now, whatever the access token's age.
    /// With `rejected`, the token a server just refused: if another process has already replaced
    /// it in the store, that replacement is returned instead of refreshing again.
    public func forceRefresh(rejected: String? = nil, audience: Audience = .profileDefault) throws(AuthError) -> CachedToken {
        let target = try resolveTarget(audience: audience)
        if let agent = agentClient(for: target.profile) {
            let seen =
                rejected
                ?? broker.runtimeCache.read(profile: target.profile.cacheName, configFingerprint: target.fingerprint)?.accessToken
            let token = try agent.token(profile: target.profile.name, freshness: .standard, rejected: seen)
            writeCache(target, token)
            return token
        }
        let store = try broker.store(for: target.profile)
        return try refreshUnderLock(target, store: store, reason: .forced(rejected: rejected))
    }

    /// A step-up (RFC 6750 §3.1, RFC 9470): `url` needs what no refresh can give — a refresh may
    /// only narrow the scope (RFC 6749 §6) and proves nothing about the person. A person at the
    /// terminal logs in once, the profile's way, with what the API asked: the union of the held
    /// and the asked scopes (then recorded as the profile's scope), or `acr_values`, `max_age` and
    /// `prompt=login` (for this login only). The token for `audience` comes from the new session.
    /// Nobody to ask, a forwarded profile, or a challenge no login can answer: 77 with the login
    /// that answers it.
    public func stepUp(
        _ challenge: StepUpChallenge, url: String, audience: Audience = .profileDefault, carrier: TokenCarrier = .proof
    ) throws(AuthError) -> CachedToken {
        let target = try resolveTarget(audience: audience)
        if case .bare(let what) = carrier { try target.profile.requireBearer(for: what) }
        guard challenge.isAnswerable, agentClient(for: target.profile) == nil, context.mayLogInAgain(with: target.profile.grant) else {
            throw .notPermitted(challenge.sentence(url: url, profile: target.profile))
        }
        var own = target.profileOwn
        if let union = challenge.scope(holding: own.profile.scope) { own.profile.scope = union }
        own.profile.parameters += challenge.loginParameters
        let store = try broker.store(for: target.profile)
        let token: CachedToken
        do {
            let lock = try lockProfile(target.profile)
            defer { withExtendedLifetime(lock) {} }
            guard let session = try store.load() else { throw notLoggedIn(target.profile) }
            // Never a loop where the tool holds the request: the same challenge again after the
            // login that answered it is the server's last word.
            guard !challenge.wasAnswered(byLoginFor: session.steppedUpFor) else {
                throw .notPermitted(
                    """
                    \(challenge.sentence(url: url, profile: target.profile)) This session's login already asked for it, and the API \
                    still refuses: authhelper does not log in again for the same challenge.
                    """)
            }
            token = try logInAgain(
                own, store: store, ending: session, because: challenge.announcement(url: url, profile: target.profile),
                steppingUpFor: challenge.memo(holding: target.profile.scope))
        }
        if let union = challenge.scope(holding: target.profile.scope) {
            broker.record("the stepped-up scope", in: target.profile) { $0.scope = union }
        }
        guard !audience.isProfileDefault else { return token }
        try? broker.runtimeCache.remove(profile: target.profile.cacheName, audience: audience)
        var stepped = target
        stepped.profile.scope = own.profile.scope
        return try refreshUnderLock(stepped, store: store, reason: .forced(rejected: nil))
    }

    /// Forgets the access token (runtime cache and the store's copy) so the next call refreshes;
    /// the refresh token stays. Only when `token` is still the current one, if given.
    public func dropAccessToken(matching token: String?, audience: Audience = .profileDefault) throws(AuthError) {
        let target = try resolveTarget(audience: audience)
        if !audience.isProfileDefault {
            // Only the cache holds an audience's token.
            let cached = broker.runtimeCache.read(
                profile: target.profile.cacheName, configFingerprint: target.fingerprint, audience: audience)
            if token == nil || cached?.accessToken == token {
                try broker.runtimeCache.remove(profile: target.profile.cacheName, audience: audience)
            }
            return
        }
        if let agent = agentClient(for: target.profile) {
            // Nothing is stored here: the cached copy goes, and the laptop hears the token was
            // refused (it replaces it unless it already has, or just did).
            try broker.runtimeCache.remove(profile: target.profile.cacheName)
            if let token { _ = try? agent.token(profile: target.profile.name, freshness: .standard, rejected: token) }
            return
        }
        let store = try broker.store(for: target.profile)
        let lock = try lockProfile(target.profile)
        defer { withExtendedLifetime(lock) {} }
        guard var session = try store.load(), session.accessToken != nil else { return }
        if let token, session.accessToken != token { return }
        session.accessToken = nil
        session.accessExpiresAt = nil
        session.accessObtainedAt = nil
        try store.save(session)
        try broker.runtimeCache.remove(profile: target.profile.cacheName)
    }

    // MARK: Steps

    private func resolveTarget(audience: Audience) throws(AuthError) -> Target {
        let profile: Profile
        if let resolvedProfile {
            profile = resolvedProfile
        } else {
            profile = try broker.requireProfile(in: try broker.loadConfigWithForwardedProfile())
        }
        _ = try broker.storeKind(for: profile)
        let fingerprint = profile.configFingerprint
        try checkAudience(audience, of: profile)
        let target = Target(
            profile: profile, fingerprint: fingerprint, cacheOn: broker.cacheEnabled(for: profile), audience: audience)
        if target.cacheOn {
            recordDefault(profile: profile, fingerprint: fingerprint)
        } else if let problem = context.paths.runtimeDirectoryProblem {
            context.diagnostics.debug("runtime cache not used: \(problem)")
        } else if !profile.cache {
            // The profile turned the cache off: a file left from before must not linger.
            // (AUTHHELPER_NO_CACHE only bypasses it for this process.)
            try? broker.runtimeCache.remove(profile: profile.cacheName)
        }
        return target
    }

    /// An audience needs a standard OAuth 2.0 token endpoint (the seed's refresh takes no resource
    /// or scope) on this machine (the agent protocol has no field for one).
    private func checkAudience(_ audience: Audience, of profile: Profile) throws(AuthError) {
        guard !audience.isProfileDefault else { return }
        if profile.forwardedBy != nil {
            throw .usage(
                """
                Profile '\(profile.name)' is served by the forwarded authhelper agent, which hands out the profile's own token only; \
                drop --resource and --scope here.
                """
            )
        }
        if profile.tokenURL == nil {
            throw .usage(
                """
                Profile '\(profile.name)' uses the seed API's refresh endpoint, which takes no resource or scope; --resource and \
                --scope need an OAuth 2.0 server (a profile with token_url or issuer).
                """
            )
        }
    }

    /// The agent a forwarded profile's tokens come from; nil for a profile of this machine.
    private func agentClient(for profile: Profile) -> AgentClient? {
        profile.forwardedBy.map { AgentClient(socketPath: $0, diagnostics: context.diagnostics) }
    }

    /// The runtime cache's entry for the profile's audience, fresh or not; nil with the cache off.
    private func runtimeCacheEntry(_ target: Target) -> CachedToken? {
        guard target.cacheOn else { return nil }
        return broker.runtimeCache.read(
            profile: target.profile.cacheName, configFingerprint: target.fingerprint, audience: target.audience)
    }

    /// The DPoP key of the profile's session (nil for a bearer profile), for a proof at an API.
    public func dpopKey() throws(AuthError) -> DPoPKey? {
        let target = try resolveTarget(audience: .profileDefault)
        guard target.profile.dpop else { return nil }
        guard let key = try broker.store(for: target.profile).load()?.key else { throw noDPoPKey(target.profile) }
        return key
    }

    private func noDPoPKey(_ profile: Profile) -> AuthError {
        .notPermitted("Profile '\(profile.name)' is DPoP-bound but its session holds no key; log in again with `authhelper login --dpop`.")
    }

    /// The refresh discipline: one process at a time per profile, re-reading the store after the
    /// lock is taken, since another process may have refreshed while this one waited.
    /// - Parameter carrier: what the token goes into (`freshToken`'s); a forced refresh's caller
    ///   signs its requests or hands nothing out.
    private func refreshUnderLock(_ target: Target, store: any SecretStore, reason: Reason, carrier: TokenCarrier = .proof)
        throws(AuthError) -> CachedToken
    {
        context.diagnostics.debug("profile \(target.profile.name): waiting for the refresh lock")
        let lock = try lockProfile(target.profile)
        defer { withExtendedLifetime(lock) {} }
        // A process that refreshed while this one waited wrote the cache before it let go of the lock.
        if target.cacheOn, let token = obtainedMeanwhile(runtimeCacheEntry(target), reason: reason) {
            return token
        }
        guard var current = try store.load() else { throw notLoggedIn(target.profile) }
        current = try finishJournaledRefresh(of: target.profile, over: current, store: store)
        let target = try target.bound(by: current, carrier: carrier)
        try requireOwnership(of: current, by: target.profile)
        if target.audience.isProfileDefault, let token = obtainedMeanwhile(current.access, reason: reason) {
            writeCache(target, token)
            return token
        }
        return try spend(current, target: target, store: store, reason: reason, lock: lock)
    }

    /// Under the lock, before the store's session is used: a refresh killed between the server's
    /// answer and the store's save left its rotated pair in the journal. Rotated from the stored
    /// session, it is stored now (the old refresh token is spent at the server); anything else
    /// there is older than the store's session, or already in it, and is dropped, never replayed.
    private func finishJournaledRefresh(of profile: Profile, over stored: StoredSession, store: any SecretStore) throws(AuthError)
        -> StoredSession
    {
        let journal = context.world.makeJournal(profile)
        guard let entry = journal.pending() else { return stored }
        switch entry.resolve(against: stored) {
        case .drop:
            context.diagnostics.debug("profile \(profile.name): dropped a journal entry the store already holds or has moved past")
            journal.clear()
            return stored
        case .finish(let session):
            try store.save(session)
            journal.clear()
            context.diagnostics.debug("profile \(profile.name): stored the rotated pair a killed refresh left in the journal")
            return session
        case .read(let answer):
            // The courier kept the server's answer; its caller died before reading it.
            let server = broker.tokenServer(for: profile, rediscovery: nil)
            guard
                case .granted(let grant)? = try? server.readRefreshAnswer(
                    answer.response, for: stored, audience: .profileDefault, receivedAt: answer.receivedAt),
                let session = Self.rotated(stored, by: grant, profileDefault: answer.profileDefault, profile: profile)
            else {
                context.diagnostics.debug("profile \(profile.name): dropped a journaled answer that grants nothing")
                journal.clear()
                return stored
            }
            try store.save(session)
            journal.clear()
            context.diagnostics.debug("profile \(profile.name): stored the rotated pair from the answer a killed refresh's courier kept")
            return session
        }
    }

    /// A token read under the lock (the runtime cache's or the store's) that makes this refresh
    /// unnecessary: one that meets the caller's freshness; one another process stored after this
    /// one looked (`Reason.isOtherThanSeen`), which a refresh now could not better (unless an
    /// explicit `--min-ttl` that a refresh can meet asks for more); or, after a 401, one that
    /// replaced the refused token.
    private func obtainedMeanwhile(_ current: CachedToken?, reason: Reason) -> CachedToken? {
        let now = context.clock.now()
        guard let token = current, token.expiresAt > now else { return nil }
        switch reason {
        case .forced(rejected: let rejected?) where token.accessToken != rejected:
            context.diagnostics.debug("another process replaced the rejected token meanwhile")
            return token
        case .forced:
            return nil
        case .stale(let freshness, _), .unseen(let freshness, _):
            let meets = freshness.isMet(by: token, now: now)
            let obtainedByAnother =
                reason.isOtherThanSeen(token)
                && (freshness == .standard || freshness.isBeyondLifetime(of: token))
            guard meets || obtainedByAnother else { return nil }
            context.diagnostics.debug("another process refreshed meanwhile")
            return token
        }
    }

    /// Spends the refresh token. A rotated pair is stored before anything else happens; a
    /// rejected one is checked against the store, which may hold a newer pair by now.
    private func spend(_ current: StoredSession, target: Target, store: any SecretStore, reason: Reason, lock: ProfileLock)
        throws(AuthError) -> CachedToken
    {
        var spent = current
        for _ in 0..<2 {
            guard spent.refreshToken != nil else {
                guard target.audience.isProfileDefault else { throw noRefreshToken(for: target) }
                return try sessionEnded(spent, target: target, store: store)
            }
            // From the request on until a rotated pair is stored, a signal must not end the
            // process: the server spends the refresh token as soon as it processes the request.
            let signals = DeferredSignals()
            defer { signals.end() }
            let rediscovery = broker.rediscovery(for: target.profile)
            // The request goes through a courier that keeps the answer should this process die
            // while the request is at the server (RefreshCourier).
            let courier = RefreshJournalEntry.fingerprint(of: spent.refreshToken).map {
                CourierTicket(
                    lockDescriptor: lock.descriptor, journal: RefreshJournal.description(of: target.profile), replaces: $0,
                    profileDefault: target.audience.isProfileDefault)
            }
            signals.begin()
            let result = try broker.tokenServer(for: target.profile, rediscovery: rediscovery, courier: courier).refresh(
                spent, for: target.audience)
            signals.answered()
            switch result {
            case .granted(let grant):
                let token = try keep(grant, from: spent, target: target, store: store, signals: signals)
                // The pair is safe; now the profile may learn where its token endpoint moved.
                if let moved = rediscovery?.found { broker.record(moved, in: target.profile) }
                return token
            case .rejected(let detail):
                // Nothing was rotated, so nothing needs protecting: a Ctrl-C at the password
                // prompt below must work at once.
                signals.end()
                switch try afterRejection(of: spent, detail: detail, target: target, store: store, reason: reason) {
                case .use(let token): return token
                case .retry(let latest): spent = latest
                }
            }
        }
        throw .notPermitted(
            """
            The server rejected the refresh tokens of profile '\(target.profile.name)'. Run `authhelper \
            login\(profileFlag(target.profile))` to sign in again.
            """
        )
    }

    /// Stores a rotated pair, then the cache. A store that fails now has lost the session: the
    /// old refresh token is spent.
    private func keep(
        _ grant: TokenGrant, from spent: StoredSession, target: Target, store: any SecretStore,
        signals: DeferredSignals
    ) throws(AuthError) -> CachedToken {
        if let rotated = Self.rotated(spent, by: grant, profileDefault: target.audience.isProfileDefault, profile: target.profile) {
            // The journal first (microseconds), then the store (milliseconds): a process killed
            // in between leaves the pair where the next refresh finds it.
            let journal = context.world.makeJournal(target.profile)
            let journaled = journal.record(rotated, rotatedFrom: spent)
            do {
                try store.save(rotated)
            } catch {
                // The one window the protocol leaves open: say so plainly. 77, because what the
                // person must do is log in again, whatever broke the store — unless the journal
                // holds the pair, which the next call stores once the store works again.
                throw .notPermitted(
                    journaled
                        ? """
                        The server issued new tokens, but they could not be stored (\(error.message)). They are kept in the kernel \
                        keyring until the store works again; the next authhelper call stores them.
                        """
                        : """
                        The server issued new tokens, but they could not be stored (\(error.message)) and the old refresh token is now \
                        spent. Run `authhelper login` once the store works again.
                        """
                )
            }
            // Also what the courier kept, where the pair could not be journaled over it.
            journal.clear()
        }
        let token = CachedToken(grant)
        let window = signals.heldMilliseconds.map { " \(formatMilliseconds($0)) ms after the server's answer" } ?? ""
        context.diagnostics.debug(
            """
            profile \(target.profile.name): refreshed; new pair stored in \(store.location)\(window), access token valid until \
            \(Clock.rfc3339(grant.expiresAt))
            """
        )
        writeCache(target, token)
        return token
    }

    /// The session `grant` makes of `spent`; nil when it changes nothing stored.
    static func rotated(_ spent: StoredSession, by grant: TokenGrant, profileDefault: Bool, profile: Profile) -> StoredSession? {
        if profileDefault {
            return StoredSession(
                grant: grant, clientSecret: spent.clientSecret, binding: spent.binding ?? profile.sessionBinding, previous: spent,
                password: spent.password)
        }
        // Another audience's token: the session keeps its own access token and takes the newest
        // refresh token, so the next refresh, for any audience, spends that one.
        guard let refreshToken = grant.refreshToken else { return nil }
        var rotated = spent
        rotated.refreshToken = refreshToken
        return rotated
    }

    enum AfterRejection {
        case use(CachedToken)
        case retry(StoredSession)
    }

    /// The server refused `spent`. If the store holds it unchanged, the session has ended: it is
    /// retired, and a person at a terminal logs in again. If the store holds a newer pair (a login
    /// in another terminal), that pair is used or, when its access token will not do, refreshed.
    private func afterRejection(
        of spent: StoredSession, detail: String, target: Target, store: any SecretStore,
        reason: Reason
    ) throws(AuthError) -> AfterRejection {
        let profile = target.profile
        let stored = try store.load()
        guard let latest = stored, latest.refreshToken != spent.refreshToken else {
            if let remembered = spent.password {
                let token = try logInAgain(target, store: store, ending: spent, rememberedPassword: remembered)
                return try afterLogInAgain(token, target: target, store: store)
            }
            let removed = stored.map { retire(rejected: $0, profile: profile, store: store) } ?? false
            if context.mayLogInAgain(with: profile.grant) {
                // Still under the lock: no other process refreshes while the person types.
                let token = try logInAgain(target, store: store, ending: spent)
                return try afterLogInAgain(token, target: target, store: store)
            }
            throw .notPermitted(
                """
                The server rejected the refresh token of profile '\(profile.name)' (\(detail)): it has expired or was already \
                used\(removed ? ", so the session was removed" : ""). Run `authhelper login\(profileFlag(profile))` to sign in again.
                """
            )
        }
        context.diagnostics.debug("profile \(profile.name): refresh token rejected, but the store holds a newer one")
        if target.audience.isProfileDefault, let freshness = reason.freshness, let token = latest.access,
            freshness.isMet(by: token, now: context.clock.now())
        {
            writeCache(target, token)
            return .use(token)
        }
        return .retry(latest)
    }

    /// The profile's own token after a login again; an audience's is then refreshed from the new session.
    private func afterLogInAgain(_ token: CachedToken, target: Target, store: any SecretStore) throws(AuthError) -> AfterRejection {
        guard !target.audience.isProfileDefault else { return .use(token) }
        guard let session = try store.load() else { throw notLoggedIn(target.profile) }
        return .retry(session)
    }

    private func noRefreshToken(for target: Target) -> AuthError {
        .notPermitted(
            """
            Profile '\(target.profile.name)' holds no refresh token, so no token for \(target.audience.summary) can be obtained; log \
            in again with a scope that keeps the session (offline_access).
            """
        )
    }

    /// A session without a refresh token (the server gave none): its access token serves until
    /// it expires, then the session has ended. The remembered password logs in again by itself
    /// (before expiry too: a fresh token is better); a person at a terminal is asked; anyone
    /// else is told to log in (77). The session stays for `status`.
    private func sessionEnded(_ session: StoredSession, target: Target, store: any SecretStore) throws(AuthError) -> CachedToken {
        if let remembered = session.password {
            return try logInAgain(target, store: store, ending: session, rememberedPassword: remembered)
        }
        if let token = session.access, token.expiresAt > context.clock.now() {
            context.diagnostics.debug(
                "profile \(target.profile.name): no refresh token; the access token serves until \(Clock.rfc3339(token.expiresAt))")
            return token
        }
        if context.mayLogInAgain(with: target.profile.grant) {
            return try logInAgain(target, store: store, ending: session)
        }
        let ended = session.accessExpiresAt.map { " at \(Clock.rfc3339($0))" } ?? ""
        throw .notPermitted(
            """
            The session of profile '\(target.profile.name)' has ended\(ended): the server gave no refresh token. Log in again with \
            `authhelper login\(profileFlag(target.profile))` (with --remember-password, authhelper does that by itself).
            """
        )
    }

    /// A session's refresh token, client secret and remembered password go only to the token
    /// endpoint origin and client it was issued for: a profile re-pointed at another server (the
    /// config edited by hand) must log in there, not hand this session over.
    private func requireOwnership(of session: StoredSession, by profile: Profile) throws(AuthError) {
        guard let binding = session.binding, !profile.owns(session) else { return }
        throw .notPermitted(
            """
            The session of profile '\(profile.name)' was issued by \(binding), but the profile now names \(profile.sessionBinding); \
            authhelper sends that session's refresh token and client secret nowhere else. Run `authhelper \
            login\(profileFlag(profile))` to log in there.
            """
        )
    }

    /// With an explicit `--min-ttl` the server's lifetime cannot meet, the fresh token is still
    /// the best there is: hand it out, and say why it falls short.
    private func warnIfShortOfPromise(_ token: CachedToken, _ freshness: Freshness) {
        guard case .atLeast(let seconds) = freshness else { return }
        let remaining = token.remaining(at: context.clock.now())
        guard remaining < seconds else { return }
        context.diagnostics.warning(
            """
            --min-ttl \(seconds) cannot be met: the server grants access tokens for \(token.lifetime) s; this one, just issued, has \
            \(max(0, remaining)) s left.
            """
        )
    }

    private func lockProfile(_ profile: Profile) throws(AuthError) -> ProfileLock {
        try ProfileLock(folder: context.paths.runtimeFolder, profile: profile.name, timeout: broker.lockWait(for: profile))
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
            try? broker.runtimeCache.remove(profile: profile.cacheName)
            context.diagnostics.debug("profile \(profile.name): removed the session whose refresh token the server rejected")
            return true
        } catch {
            // The rejection is the news; a store that cannot delete now only keeps a dead token.
            context.diagnostics.debug("profile \(profile.name): the rejected session could not be removed: \(error.message)")
            return false
        }
    }

    /// The session has ended: log in again with the remembered password (`remember_password`),
    /// or with the person, the way the profile logged in (a password at the terminal, a device
    /// code, a browser), so `$(authhelper header)` in an interactive shell just continues.
    /// - Parameter because: what the person is told first (default: that the session has ended).
    /// - Parameter steppingUpFor: the challenge this login answers (StepUpChallenge.memo), kept
    ///   with the new session.
    private func logInAgain(
        _ target: Target, store: any SecretStore, ending session: StoredSession, rememberedPassword: String? = nil,
        because: String? = nil, steppingUpFor: String? = nil
    ) throws(AuthError) -> CachedToken {
        let because = because ?? "The session of profile '\(target.profile.name)' has ended; log in again."
        var profile = target.profile
        // A DPoP session logs in again with its own key: its tokens stay bound to it.
        if profile.dpop {
            if let key = session.key { profile.dpopKey = key } else { profile.dpopKey = try DPoPKey.generate() }
        }
        let clientSecret = session.clientSecret
        // The session's client secret goes only where the session was bound.
        if clientSecret != nil { try profile.requireEveryEndpointBound(for: session) }
        let grant: TokenGrant
        var password: String?
        if let rememberedPassword {
            context.diagnostics.debug("profile \(profile.name): the session has ended; logging in again with the remembered password")
            password = rememberedPassword
            grant = try broker.tokenServer(for: profile).logIn(password: rememberedPassword, clientSecret: clientSecret)
        } else if profile.grant.usesAuthorizationServer {
            context.diagnostics.info(because)
            grant = try InteractiveLogin(context: context, profile: profile, options: BrowserLoginOptions()).run(clientSecret: clientSecret)
        } else {
            context.diagnostics.info(because)
            let typed = try context.askPassword(for: profile)
            guard !typed.isEmpty else {
                throw .notPermitted("No password was given. Run `authhelper login\(profileFlag(profile))` to sign in again.")
            }
            password = typed
            grant = try broker.tokenServer(for: profile).logIn(password: typed, clientSecret: clientSecret)
        }
        var renewed = StoredSession(
            grant: grant, clientSecret: clientSecret, binding: profile.sessionBinding,
            password: profile.rememberPassword ? password : nil, dpopKey: profile.dpopKey)
        // The client authhelper registered is the same client after a new login.
        renewed.registrationAccessToken = session.registrationAccessToken
        renewed.steppedUpFor = steppingUpFor
        try store.save(renewed)
        let token = CachedToken(grant)
        writeCache(target.profileOwn, token)
        return token
    }

    private func writeCache(_ target: Target, _ token: CachedToken) {
        guard target.cacheOn else { return }
        broker.keepInCache(token, profile: target.profile, configFingerprint: target.fingerprint, audience: target.audience)
    }

    /// Lets the fast path resolve the default profile without parsing the config.
    private func recordDefault(profile: Profile, fingerprint: String) {
        guard !broker.profileChosenExplicitly else { return }
        guard broker.runtimeCache.recordedDefaultProfile(configFingerprint: fingerprint) != profile.name else { return }
        try? broker.runtimeCache.recordDefaultProfile(profile.name, configFingerprint: fingerprint)
    }

    private func formatMilliseconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private func profileFlag(_ profile: Profile) -> String {
        broker.profileChosenExplicitly ? " --profile \(profile.name)" : ""
    }

    private func notLoggedIn(_ profile: Profile) -> AuthError {
        .notPermitted(
            """
            Not logged in: profile '\(profile.name)' has no session in \
            \((try? broker.store(for: profile).location) ?? "its store"). Run `authhelper login\(profileFlag(profile))`.
            """
        )
    }
}
