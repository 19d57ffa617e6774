/// The remote side of `authhelper agent`: a machine reached over SSH asks the laptop's agent,
/// through the forwarded socket, for what it has not got itself — a profile's description and
/// its access tokens. Nothing else is needed here: no config, no keyring, no login.
public struct AgentClient: Sendable {
    public let socketPath: String
    let diagnostics: Diagnostics

    public init(socketPath: String, diagnostics: Diagnostics) {
        self.socketPath = socketPath
        self.diagnostics = diagnostics
    }

    /// `AUTHHELPER_AGENT`, else the default socket if one is there.
    public static func socket(environment: ProcessEnvironment, paths: Paths) -> String? {
        if let path = environment["AUTHHELPER_AGENT"], !path.isEmpty { return path }
        guard let path = paths.runtimeFolder.location(of: .agentSocket), UnixSocket.isSocket(path) else { return nil }
        return path
    }

    /// The profile `name` (nil: the laptop's default) as the laptop's agent describes it.
    public func describe(profile name: String?) throws(AuthError) -> Profile {
        switch try ask(AgentProtocol.Request(operation: .profile, profile: name)) {
        case .profile(let forwarded), .token(let forwarded, _): return try profile(from: forwarded)
        case .failure(let exit, let message): throw Self.error(exit: exit, message: message)
        }
    }

    /// An access token of `profile` that meets `freshness`; `rejected`: one a server just
    /// refused, to be replaced.
    public func token(profile: String, freshness: Freshness, rejected: String? = nil) throws(AuthError) -> CachedToken {
        var minTTL: Int64?
        if case .atLeast(let seconds) = freshness { minTTL = seconds }
        switch try ask(AgentProtocol.Request(operation: .token, profile: profile, minTTL: minTTL, rejected: rejected)) {
        case .token(_, let token): return token
        case .profile: throw .malformedResponse("The agent at \(socketPath) answered without a token.")
        case .failure(let exit, let message): throw Self.error(exit: exit, message: message)
        }
    }

    // MARK: Steps

    private func ask(_ request: AgentProtocol.Request) throws(AuthError) -> AgentProtocol.Answer {
        try AgentConnection(socketPath: socketPath, diagnostics: diagnostics).ask(request)
    }

    /// The profile a remote uses: the laptop's name, server and `also_for`; its tokens come from
    /// the agent.
    private func profile(from forwarded: AgentProtocol.ForwardedProfile) throws(AuthError) -> Profile {
        do {
            try Profile.validateName(forwarded.name)
            var profile = Profile(
                name: forwarded.name, server: try ServerURL(parsing: forwarded.server), username: forwarded.username, store: .keyring)
            profile.alsoFor = try forwarded.alsoFor.map { text throws(AuthError) in try ServerURL(parsing: text) }
            profile.forwardedBy = socketPath
            return profile
        } catch {
            throw .malformedResponse(
                """
                The agent at \(socketPath) described profile '\(printable(forwarded.name))' in a way this authhelper cannot use: \
                \(error.message)
                """
            )
        }
    }

    /// The laptop's refusal as this machine's error, with the laptop's words and exit status.
    static func error(exit: Int32, message: String) -> AuthError {
        let text = "The laptop's authhelper agent: \(message)"
        switch exit {
        case 64: return .usage(text)
        case 65: return .malformedResponse(text)
        case 75: return .temporary(text)
        case 77: return .notPermitted(text)
        case 78: return .configuration(text)
        default: return .unavailable(text)
        }
    }
}
