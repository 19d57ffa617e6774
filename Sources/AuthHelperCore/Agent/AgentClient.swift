#if canImport(Glibc)
    import Glibc
#endif

/// The remote side of `authhelper agent`: a machine reached over SSH asks the laptop's agent,
/// through the forwarded socket, for what it has not got itself — a profile's description and
/// its access tokens. Nothing else is needed here: no config, no keyring, no login.
public struct AgentClient: Sendable {
    public let socketPath: String
    let diagnostics: Diagnostics
    /// How long an answer may take: the laptop may wait for a refresh under its lock (the
    /// profile's timeout and a margin), so this is generous; a dropped connection ends it sooner.
    static let answerSeconds: Double = 90

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
        diagnostics.debug("asking the agent at \(socketPath): \(request.operation.rawValue) of \(request.profile ?? "its default profile")")
        try checkItIsOurs()
        let fd: Int32
        switch UnixSocket.connect(to: socketPath) {
        case .success(let connected): fd = connected
        case .failure(let error): throw noAgent(error)
        }
        defer { close(fd) }
        // The process that answers must be this user's too (ssh's relay of a forwarded socket is).
        guard let peer = UnixSocket.peerUID(fd), peer == getuid() else {
            throw notOurs("the process answering on it runs as another user (uid \(UnixSocket.peerUID(fd).map(String.init) ?? "unknown"))")
        }
        UnixSocket.setSendTimeout(fd, seconds: 10)
        guard UnixSocket.send(fd, request.line) else { throw dropped() }
        switch UnixSocket.readLine(fd, limit: AgentProtocol.maxAnswer, deadline: Clock.monotonicMilliseconds() + Self.answerSeconds * 1000)
        {
        case .line(let bytes):
            do throws(AgentProtocol.Refusal) {
                return try AgentProtocol.Answer(parsing: bytes)
            } catch {
                throw .malformedResponse("The agent at \(socketPath) answered something this authhelper cannot read: \(error.reason).")
            }
        case .tooLong:
            throw .malformedResponse("The agent at \(socketPath) answered more than \(AgentProtocol.maxAnswer) bytes.")
        case .timedOut:
            throw .temporary("The agent at \(socketPath) did not answer within \(Int(Self.answerSeconds)) s.")
        case .closed, .failed:
            throw dropped()
        }
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

    /// The user's own agent only, as ssh-agent and gpg-agent check theirs: the socket and its
    /// folder belong to this user, and nobody else may write the folder (or they could put
    /// their own socket there). A socket that does not exist is left to connect's message.
    private func checkItIsOurs() throws(AuthError) {
        var st = stat()
        guard lstat(socketPath, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFSOCK else { throw notOurs("it is not a socket") }
        guard st.st_uid == getuid() else { throw notOurs("it belongs to another user (uid \(st.st_uid))") }
        let folder = SecureFiles.parentOf(socketPath)
        var folderStat = stat()
        guard lstat(folder, &folderStat) == 0, (folderStat.st_mode & S_IFMT) == S_IFDIR else {
            throw notOurs("its folder \(folder) is not a folder")
        }
        guard folderStat.st_uid == getuid() else {
            throw notOurs("its folder \(folder) belongs to another user (uid \(folderStat.st_uid))")
        }
        guard folderStat.st_mode & 0o022 == 0 else { throw notOurs("others may write its folder \(folder)") }
    }

    private func notOurs(_ what: String) -> AuthError {
        .unavailable(
            """
            The agent socket \(socketPath) is not your own: \(what). authhelper asks only your own agent; forward it into a folder \
            of yours (the default is $XDG_RUNTIME_DIR/authhelper/agent.sock).
            """
        )
    }

    private func noAgent(_ error: SocketError) -> AuthError {
        .unavailable(
            """
            No authhelper agent answers at \(socketPath) (\(error.text)). On the laptop, run `authhelper agent` (or enable its \
            socket: systemctl --user enable --now authhelper-agent.socket) and forward it: ssh -R \(socketPath):/run/user/<laptop \
            uid>/authhelper/agent.sock HOST — see authhelper-agent(1).
            """
        )
    }

    private func dropped() -> AuthError {
        .unavailable("The connection to the authhelper agent at \(socketPath) dropped before it answered (did the SSH connection end?).")
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
