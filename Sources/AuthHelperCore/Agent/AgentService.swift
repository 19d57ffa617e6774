/// Answers one agent request on the laptop. Only profiles that opted in (`forward = true`), only
/// access tokens, and through the same TokenService as a local call — its lock, its re-read,
/// its store-before-print — so local and remote callers together make one refresh.
public struct AgentService: Sendable {
    /// The laptop's context; it never asks an agent itself.
    public let context: AuthContext
    /// A token obtained this recently is handed out again rather than refreshed once more on a
    /// remote's demand (a `min_ttl` beyond the server's lifetime, a token said to be refused): a
    /// remote that asks too often cannot make a refresh per call.
    public static let refreshInterval: Int64 = 10
    /// A remote machine gets a bare token: a DPoP-bound profile is not forwarded.
    static let carrier = TokenCarrier.bare("the token agent (a remote machine gets a bare token)")

    public init(context: AuthContext) {
        self.context = context.servingAgentRequests
    }

    public func answer(_ request: AgentProtocol.Request) -> AgentProtocol.Answer {
        do throws(AuthError) {
            let profile = try forwardable(request.profile)
            let forwarded = AgentProtocol.ForwardedProfile(
                name: profile.name, server: profile.server.description, alsoFor: profile.alsoFor.map(\.description),
                username: profile.username)
            guard request.operation == .token else { return .profile(forwarded) }
            do {
                return .token(forwarded, try token(of: profile, for: request))
            } catch .notPermitted(let message) {
                // What would need a new login on the laptop (nobody is asked here): said so, for
                // the person at the remote.
                return .failure(
                    exit: 77,
                    message: "the session of '\(profile.name)' on the laptop has ended: run `authhelper login` there. (\(message))")
            }
        } catch {
            return .failure(exit: error.exitCode, message: error.message)
        }
    }

    // MARK: Steps

    /// The profile asked for (nil: the default), if it may be forwarded.
    private func forwardable(_ name: String?) throws(AuthError) -> Profile {
        let config = try context.loadConfig()
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

    /// The token a request asks for, within the refresh interval.
    private func token(of profile: Profile, for request: AgentProtocol.Request) throws(AuthError) -> CachedToken {
        let service = TokenService(context: context.selecting(profile.name), profile: profile)
        let asked = Freshness(minTTL: request.minTTL)
        guard request.rejected != nil || request.minTTL != nil else { return try service.freshToken(asked, carrier: Self.carrier) }
        let current = try service.freshToken(.standard, carrier: Self.carrier)
        let recent = context.clock.now() - current.obtainedAt < Self.refreshInterval
        if let rejected = request.rejected {
            // Another token than the refused one is the replacement; one just obtained is not
            // refreshed again.
            if rejected != current.accessToken || recent { return current }
            return try service.forceRefresh(rejected: rejected)
        }
        if asked.isMet(by: current, now: context.clock.now()) || recent { return current }
        return try service.freshToken(asked, carrier: Self.carrier)
    }
}
