import CSignals

#if canImport(Glibc)
    import Glibc
#endif

/// `authhelper agent`: serves the access tokens of the profiles that opted in (`forward = true`)
/// on a UNIX socket, for machines it is forwarded to over SSH, until SIGTERM or SIGINT.
///
/// Each connection is served by a process of its own (forked): a peer that sends nothing, too
/// much or garbage costs that process a bounded time and memory and cannot hang, crash or slow
/// the agent for others; the refresh discipline across them is TokenService's, under the
/// profile's lock, exactly as for separate local calls. The agent itself never reads a byte a
/// peer sends and never loads a store.
public struct AgentServer {
    public let context: AuthContext
    public let socketPath: String
    /// Requests served at once; one more is told to try again (75).
    static let maxConnections = 64
    /// A peer has this long to send its request.
    static let requestSeconds: Double = 10

    public init(context: AuthContext, socketPath: String) {
        self.context = context.servingAgentRequests
        self.socketPath = socketPath
    }

    /// Serves until stopped; removes the socket it made.
    public func run() throws(AuthError) {
        let (listener, madeSocket) = try openListener()
        defer {
            close(listener)
            if madeSocket { unlink(socketPath) }
        }
        ah_signals_stop_begin()
        log("serving the profiles with forward = true on \(socketPath)")
        var running = 0
        while ah_signals_stop_requested() == 0 {
            running -= Self.reapFinished()
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 1000) > 0 else { continue }
            guard let connection = UnixSocket.accept(listener) else { continue }
            // The socket is 0600; the peer's credentials must say this user too.
            guard UnixSocket.peerUID(connection) == getuid() else {
                close(connection)
                continue
            }
            guard running < Self.maxConnections else {
                refuseBusy(connection)
                continue
            }
            switch fork() {
            case 0:
                ah_signals_stop_end()
                close(listener)
                serve(connection)
                _exit(0)
            case -1:
                close(connection)
            default:
                running += 1
                close(connection)
            }
        }
        log("stopped")
    }

    // MARK: Steps

    /// The listening socket: the one systemd passed (socket activation), else one made at
    /// `socketPath` in a private folder, replacing a stale socket nobody answers on.
    private func openListener() throws(AuthError) -> (Int32, made: Bool) {
        if let pid = context.environment["LISTEN_PID"], Int32(pid) == getpid(), context.environment["LISTEN_FDS"] == "1" {
            // SD_LISTEN_FDS_START: the first passed descriptor is 3.
            _ = fcntl(3, F_SETFD, FD_CLOEXEC)
            return (3, false)
        }
        try SecureFiles.ensurePrivateDirectory(SecureFiles.parentOf(socketPath))
        var st = stat()
        if lstat(socketPath, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFSOCK else {
                throw .failure("\(socketPath) exists and is not a socket; it was left as it is. Remove it or give another --socket.")
            }
            if case .success(let fd) = UnixSocket.connect(to: socketPath) {
                close(fd)
                throw .unavailable("Another authhelper agent already serves \(socketPath).")
            }
            unlink(socketPath)
        }
        switch UnixSocket.listen(at: socketPath, backlog: 64) {
        case .success(let fd): return (fd, true)
        case .failure(let error): throw .unavailable("Cannot listen on \(socketPath): \(error.text).")
        }
    }

    /// One connection, in its own process: one bounded request, one answer, one log line.
    private func serve(_ connection: Int32) {
        UnixSocket.setSendTimeout(connection, seconds: 10)
        let request: AgentProtocol.Request
        switch UnixSocket.readLine(
            connection, limit: AgentProtocol.maxRequest, deadline: Clock.monotonicMilliseconds() + Self.requestSeconds * 1000)
        {
        case .line(let bytes):
            do throws(AgentProtocol.Refusal) {
                request = try AgentProtocol.Request(parsing: bytes)
            } catch {
                refuse(connection, "it cannot read the request: \(error.reason).")
                return
            }
        case .tooLong:
            refuse(connection, "the request is larger than \(AgentProtocol.maxRequest) bytes.")
            return
        case .closed, .timedOut, .failed:
            return
        }
        let answer = AgentService(context: context).answer(request)
        let delivered = UnixSocket.send(connection, answer.line)
        switch answer {
        case .token(let profile, let token):
            log(
                """
                profile '\(profile.name)': \(delivered ? "handed out" : "not delivered (the peer went away)") a token with \
                \(token.remaining(at: context.clock.now())) s left
                """
            )
        case .failure(_, let message):
            log("\(request.profile.map { "profile '\($0)'" } ?? "the default profile"): refused: \(message)")
        case .profile:
            break
        }
    }

    /// The "busy, try again" answer, read by every caller refused for the connection limit: its
    /// request is read first (briefly), so the close that follows is not a reset that would
    /// throw the answer away unread on the caller's side.
    private func refuseBusy(_ connection: Int32) {
        UnixSocket.setSendTimeout(connection, seconds: 1)
        _ = UnixSocket.readLine(connection, limit: AgentProtocol.maxRequest, deadline: Clock.monotonicMilliseconds() + 200)
        UnixSocket.send(
            connection,
            AgentProtocol.Answer.failure(exit: 75, message: "it is serving \(Self.maxConnections) requests at once; try again.").line)
        shutdown(connection, Int32(SHUT_WR))
        // What the caller still sends (nothing, usually) is read until it closes, at most briefly.
        _ = UnixSocket.readLine(connection, limit: AgentProtocol.maxRequest, deadline: Clock.monotonicMilliseconds() + 200)
        close(connection)
    }

    private func refuse(_ connection: Int32, _ reason: String) {
        UnixSocket.send(connection, AgentProtocol.Answer.failure(exit: 64, message: reason).line)
        log("a request refused: \(reason)")
    }

    /// One line on stderr with the time: never a token (the answers' tokens are not logged).
    private func log(_ text: String) {
        context.diagnostics.write("\(Clock.rfc3339(context.clock.now())) authhelper agent: \(text)\n")
    }

    /// Collects the connection processes that have ended; how many.
    private static func reapFinished() -> Int {
        var reaped = 0
        var status: Int32 = 0
        while waitpid(-1, &status, WNOHANG) > 0 { reaped += 1 }
        return reaped
    }
}
