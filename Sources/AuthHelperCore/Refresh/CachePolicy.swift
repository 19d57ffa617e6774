/// When the runtime cache is used and written, and how long a process waits for another's
/// refresh: the refresh engine's policy.
extension CredentialBroker {
    /// The runtime cache is used unless the profile or `AUTHHELPER_NO_CACHE` turns it off, or
    /// there is no `$XDG_RUNTIME_DIR`.
    public func cacheEnabled(for profile: Profile) -> Bool {
        profile.cache && !RuntimeCache.isDisabled(by: context.environment) && context.paths.runtimeDirectory != nil
    }

    public var runtimeCache: RuntimeCache { RuntimeCache(paths: context.paths) }

    /// Puts a new token in the runtime cache, best effort: the store holds the truth, the cache
    /// is an optimisation, so a failure is only told with --verbose. With the cache off for the
    /// profile, an older entry goes.
    func keepInCache(_ token: CachedToken, profile: Profile, configFingerprint: String, audience: Audience = .profileDefault) {
        guard cacheEnabled(for: profile) else {
            try? runtimeCache.remove(profile: profile.cacheName)
            return
        }
        do {
            try runtimeCache.write(profile: profile.cacheName, token: token, configFingerprint: configFingerprint, audience: audience)
        } catch {
            context.diagnostics.debug("runtime cache not written: \(error.message)")
        }
    }

    /// How long a process waits for another's refresh: one request's time and a margin for the
    /// keyring. A waiter that gives up exits 75 and changes nothing; flock itself is never stale.
    public func lockWait(for profile: Profile) -> Int { (context.timeoutOverride ?? profile.timeout) + 10 }
}
