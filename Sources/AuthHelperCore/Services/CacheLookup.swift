/// What the lock-free fast path read before it handed over to the service: the config file's
/// fingerprint and the runtime cache's entry for a profile (nil: none, or not usable). The
/// service reuses both on a miss instead of reading them again.
public struct CacheLookup: Sendable {
    public let profile: String
    public let configFingerprint: String
    public let token: CachedToken?

    public init(profile: String, configFingerprint: String, token: CachedToken?) {
        self.profile = profile
        self.configFingerprint = configFingerprint
        self.token = token
    }
}
