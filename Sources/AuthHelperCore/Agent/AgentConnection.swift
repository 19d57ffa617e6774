#if canImport(Glibc)
    import Glibc
#endif

/// One question to the laptop's agent over its socket: the socket and the process answering on
/// it checked to be this user's own, one request line out, one answer line in, within a deadline.
struct AgentConnection {
    let socketPath: String
    let diagnostics: Diagnostics
    /// How long an answer may take: the laptop may wait for a refresh under its lock (the
    /// profile's timeout and a margin), so this is generous; a dropped connection ends it sooner.
    static let answerSeconds: Double = 90

    func ask(_ request: AgentProtocol.Request) throws(AuthError) -> AgentProtocol.Answer {
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
}
