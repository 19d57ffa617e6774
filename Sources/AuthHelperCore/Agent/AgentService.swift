/// Answers one agent request on the laptop: the adapter of the token agent's protocol to the
/// broker (ForwardedCredential says what may cross).
public struct AgentService: Sendable {
    /// The laptop's context; it never asks an agent itself.
    public let context: AuthContext

    public init(context: AuthContext) {
        self.context = context.servingAgentRequests
    }

    public func answer(_ request: AgentProtocol.Request) -> AgentProtocol.Answer {
        let broker = CredentialBroker(context: context)
        do throws(AuthError) {
            let profile = try broker.forwardableProfile(named: request.profile)
            let forwarded = AgentProtocol.ForwardedProfile(
                name: profile.name, server: profile.server.description, alsoFor: profile.alsoFor.map(\.description),
                username: profile.username)
            guard request.operation == .token else { return .profile(forwarded) }
            do {
                return .token(forwarded, try broker.forwardedToken(of: profile, minTTL: request.minTTL, rejected: request.rejected))
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
}
