/// What the laptop hands a remote machine through the token agent: only profiles that opted in
/// (`forward = true`), only access tokens — bare: a DPoP-bound profile is not forwarded — through
/// the same engine as a local call (its lock, its re-read, its store-before-print), so local and
/// remote callers together make one refresh; and a remote that asks too often gets the token just
/// obtained, never a refresh per call. Asked on a context serving agent requests (nobody at the
/// laptop's terminal is asked, no agent is asked in turn).
extension CredentialBroker {
    /// A token obtained this recently is handed out again rather than refreshed once more on a
    /// remote's demand (a `min_ttl` beyond the server's lifetime, a token said to be refused).
    public static let forwardingRefreshInterval: Int64 = 10
    static let forwardingCarrier = TokenCarrier.bare("the token agent (a remote machine gets a bare token)")

    /// The profile a remote asks for (nil: the laptop's default), if it may be forwarded.
    public func forwardableProfile(named name: String?) throws(AuthError) -> Profile {
        let config = try loadConfig()
        let chosen = name ?? config.effectiveDefaultProfile
        try Profile.validateName(chosen)
        guard let profile = config.profile(named: chosen) else {
            throw .notPermitted(
                """
                There is no profile '\(chosen)' on the laptop; log in there with `authhelper login \
                --forward\(name == nil ? "" : " --profile \(chosen)")`.
                """
            )
        }
        guard profile.forward else {
            throw .notPermitted(
                """
                Profile '\(chosen)' is not forwarded: set forward = true in its table of \(context.paths.configFile) on the laptop, \
                or log in there again with `authhelper login --forward --profile \(chosen)`.
                """
            )
        }
        return profile
    }

    /// The token a remote asks for: one that lasts `minTTL` seconds, or the replacement of
    /// `rejected` (the one its server refused) — within the refresh interval.
    public func forwardedToken(of profile: Profile, minTTL: Int64?, rejected: String?) throws(AuthError) -> CachedToken {
        let service = tokens(for: profile)
        let asked = Freshness(minTTL: minTTL)
        guard rejected != nil || minTTL != nil else { return try service.freshToken(asked, carrier: Self.forwardingCarrier) }
        let current = try service.freshToken(.standard, carrier: Self.forwardingCarrier)
        let recent = context.clock.now() - current.obtainedAt < Self.forwardingRefreshInterval
        if let rejected {
            // Another token than the refused one is the replacement; one just obtained is not
            // refreshed again.
            if rejected != current.accessToken || recent { return current }
            return try service.forceRefresh(rejected: rejected)
        }
        if asked.isMet(by: current, now: context.clock.now()) || recent { return current }
        return try service.freshToken(asked, carrier: Self.forwardingCarrier)
    }
}
