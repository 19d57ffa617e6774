#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// The warm call: the cached access token that a `header`, `token` or `exec` command line may be
/// answered with, found without TOML, a keyring, a network or a lock of its own — or nil, and
/// authhelper-full answers (it refreshes, prompts, reports).
///
/// Every step is a shared rule: the cache switch (RuntimeCache.isDisabled), the folders and the
/// config file (Paths), the profile (ProfileSelection, then the default recorded for this very
/// config file, ProfileName), the entry (RuntimeCache.lookup, which checks owner, mode, symlink,
/// size, format, config fingerprint and audience) and freshness (Freshness).
public struct WarmLookup {
    /// How long a stale entry waits for a refresh under way before authhelper-full takes over.
    public static let refreshWaitMilliseconds: Int64 = 2000

    public let environment: ProcessEnvironment

    public init(environment: ProcessEnvironment) { self.environment = environment }

    /// The profile and the token that answer `request` now, or nil.
    public func freshToken(for request: WarmRequest, now: () -> Int64 = Clock.now) -> (profile: String, token: CachedToken)? {
        // 1. The cache is on, and there is a runtime folder to hold it.
        guard !RuntimeCache.isDisabled(by: environment) else { return nil }
        let paths = Paths(environment: environment, configOverride: request.configFlag)
        guard paths.runtimeDirectory != nil else { return nil }
        let cache = RuntimeCache(paths: paths)

        // 2. The config file's fingerprint, which the entry must carry.
        let fingerprint = SecureFiles.fingerprint(paths.configFile)

        // 3. The profile: named, or the config's default as recorded for this very config.
        guard
            let profile = ProfileSelection.explicitName(flag: request.profileFlag, environment: environment)
                ?? cache.recordedDefaultProfile(configFingerprint: fingerprint),
            ProfileName.isValid(profile)
        else { return nil }

        // 4. Its entry (the audience's, with --resource or --scope), fresh enough for this call.
        // A profile this machine has no entry for may be one forwarded by an agent: its entries
        // live apart (`<profile>@agent`), written under this very config, which then had no
        // profile of that name — so a local profile's call never finds a forwarded token.
        let entry = cache.lookup(profile: profile, configFingerprint: fingerprint, audience: request.audience)
        if case .token(let token) = entry, request.freshness.isMet(by: token, now: now()) { return (profile, token) }
        if entry == .missing, request.audience.isProfileDefault,
            case .token(let token) = cache.lookup(profile: profile + RuntimeCache.forwardedSuffix, configFingerprint: fingerprint),
            request.freshness.isMet(by: token, now: now())
        {
            return (profile, token)
        }
        guard entry != .missing else { return nil }

        // 5. Stale, or written for an earlier config: when another process is refreshing it right
        // now (a burst of calls on an expired token), wait for that refresh and read what it
        // wrote, instead of starting authhelper-full only to wait for the same lock. Not longer
        // than a refresh should take: then authhelper-full waits, with its own timeout and messages.
        guard let lock = paths.runtimeFolder.location(of: .lock(profile: profile)), waitForRefreshUnderWay(lockFile: lock),
            case .token(let token) = cache.lookup(profile: profile, configFingerprint: fingerprint, audience: request.audience),
            request.freshness.isMet(by: token, now: now())
        else { return nil }
        return (profile, token)
    }

    /// The reply to a warm `docker-credential get` for `requestText` (what came on stdin), or nil:
    /// the registry as recorded for this config (RegistryRecord), its profile's token (or its
    /// resource's) fresh for a registry (Freshness.registry).
    public func registryReply(for request: WarmRequest, requestText: String, now: () -> Int64 = Clock.now) -> String? {
        guard !RuntimeCache.isDisabled(by: environment) else { return nil }
        let paths = Paths(environment: environment, configOverride: request.configFlag)
        guard paths.runtimeDirectory != nil else { return nil }
        let fingerprint = SecureFiles.fingerprint(paths.configFile)
        let serverURL = requestText.trimmingSpaceAndNewlines
        guard let registry = RegistryName(parsing: serverURL),
            let claim = RegistryRecord.read(paths: paths, configFingerprint: fingerprint)?.claim(for: registry)
        else { return nil }
        let audience = claim.resource.map { (try? Audience(resources: [$0], scope: nil)) ?? .profileDefault } ?? .profileDefault
        guard audience.isProfileDefault == (claim.resource == nil),
            case .token(let token) = RuntimeCache(paths: paths).lookup(
                profile: claim.profile, configFingerprint: fingerprint, audience: audience),
            Freshness.registry.isMet(by: token, now: now())
        else { return nil }
        return DockerCredentialReply.render(serverURL: serverURL, username: claim.username, secret: token.accessToken)
    }

    /// The reply to a warm `terraform-credentials get HOST` or `keyring get URL …`, or nil: the very
    /// lookup as the broker answered it for this config (ToolClaimRecord), its profile's token (or
    /// its resource's) fresh enough for that tool.
    public func toolReply(for request: WarmRequest, now: () -> Int64 = Clock.now) -> String? {
        guard !RuntimeCache.isDisabled(by: environment) else { return nil }
        let paths = Paths(environment: environment, configOverride: request.configFlag)
        guard paths.runtimeDirectory != nil else { return nil }
        let keyring = request.command == .keyring ? KeyringWords(request.program) : nil
        guard let lookup = keyring?.service ?? (request.command == .terraformCredentials ? request.program.last : nil) else { return nil }
        let fingerprint = SecureFiles.fingerprint(paths.configFile)
        guard
            let entry = ToolClaimRecord.read(paths: paths, configFingerprint: fingerprint)?.entry(
                tool: request.command, profileFlag: request.profileFlag, lookup: lookup)
        else { return nil }
        let audience = entry.resource.map { (try? Audience(resources: [$0], scope: nil)) ?? .profileDefault } ?? .profileDefault
        let freshness = request.command == .terraformCredentials ? Freshness.terraform : Freshness.tool
        guard audience.isProfileDefault == (entry.resource == nil),
            case .token(let token) = RuntimeCache(paths: paths).lookup(
                profile: entry.profile, configFingerprint: fingerprint, audience: audience),
            freshness.isMet(by: token, now: now())
        else { return nil }
        guard let keyring else { return ToolReply.terraform(token: token.accessToken) }
        return ToolReply.keyring(token: token.accessToken, credsMode: keyring.credsMode, username: entry.username, asked: keyring.username)
    }

    /// Waits until no process holds the profile's lock (ProfileLock holds it exclusively while it
    /// refreshes). A shared lock, so every waiter wakes when the refresh is stored. The file is
    /// only opened, never created: no lock file, no refresh under way.
    private func waitForRefreshUnderWay(lockFile path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == getuid() else { return false }
        return FileLockWait.lock(fd, operation: LOCK_SH, milliseconds: Self.refreshWaitMilliseconds) == .locked
    }
}
