import CSignals

#if canImport(Glibc)
    import Glibc
#endif

/// One program authhelper starts — curl, the refresh courier, `exec`'s command, a browser,
/// doctor's and ssh's probes — with what it inherits said once (its descriptors, the signal state
/// it starts in, a session of its own), every posix_spawn call and status checked here, and how
/// it ended read once.
struct Subprocess {
    /// What one of the child's descriptors is.
    enum Source {
        /// `/dev/null`, for reading or writing.
        case null(writable: Bool)
        /// A descriptor of this process, duplicated (dup2 clears close-on-exec on the copy).
        case descriptor(Int32)
    }

    /// The signal state the child starts in.
    enum SignalStart {
        /// This process's.
        case inherited
        /// The signals `exec` forwards at their default action, nothing blocked.
        case forwardedAtDefault
        /// Every signal at its default action, nothing blocked.
        case allAtDefault
    }

    /// The program and its arguments, as C strings (ProcessArguments.cStrings keeps argv's bytes).
    let argv: [UnsafeMutablePointer<CChar>?]
    /// Looked up in PATH (posix_spawnp) rather than taken as a path.
    var searchesPath = false
    /// The child's descriptors, set in this order.
    var descriptors: [(Int32, Source)] = []
    /// Descriptors of this process the child must not get (the other end of a pipe).
    var closing: [Int32] = []
    /// Every descriptor from this one up is closed in the child, close-on-exec or not.
    var closingFrom: Int32?
    var signals = SignalStart.inherited
    /// A session of its own (POSIX_SPAWN_SETSID): no signal of this terminal's reaches it.
    var newSession = false

    init(_ arguments: [String]) { argv = arguments.map { strdup($0) } + [nil] }
    init(cStrings: [UnsafeMutablePointer<CChar>?]) { argv = cStrings }

    /// Frees the argument strings (the caller's, once the child is started or not).
    func release() { for pointer in argv { free(pointer) } }

    /// The child's process ID, or the error code of a start that failed.
    func start() -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, source) in descriptors {
            switch source {
            case .null(let writable): posix_spawn_file_actions_addopen(&actions, target, "/dev/null", writable ? O_WRONLY : O_RDONLY, 0)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
        }
        for fd in closing { posix_spawn_file_actions_addclose(&actions, fd) }
        if let closingFrom, ah_spawn_close_from(&actions, closingFrom) != 0 { return .failure(SpawnFailure(code: ENOSYS)) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags: Int32 = newSession ? 0x80 : 0  // POSIX_SPAWN_SETSID (glibc 2.26+; hidden without _GNU_SOURCE)
        if signals != .inherited {
            var defaults = sigset_t()
            if signals == .allAtDefault { sigfillset(&defaults) } else { ah_signals_forwarded_set(&defaults) }
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setsigmask(&attributes, &empty)
            flags |= Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var pid: pid_t = 0
        var arguments = argv
        let code =
            searchesPath
            ? posix_spawnp(&pid, argv[0]!, &actions, &attributes, &arguments, environ)
            : posix_spawn(&pid, argv[0]!, &actions, &attributes, &arguments, environ)
        return code == 0 ? .success(pid) : .failure(SpawnFailure(code: code))
    }

    /// Why a program did not start: posix_spawn's error code.
    struct SpawnFailure: Error {
        let code: Int32
        var text: String { String(cString: strerror(code)) }
    }

    /// Waits for `pid` to end; its exit status, or 128 + the signal that ended it (as a shell
    /// says); nil when it cannot be waited for.
    static func wait(_ pid: pid_t) -> Int32? { rawWait(pid).map(exitStatus) }

    /// How `pid` ended, in words for a message ("exit 0", "signal 9").
    static func ending(of pid: pid_t) -> String {
        guard let status = rawWait(pid) else { return "not waited for: \(String(cString: strerror(errno)))" }
        return (status & 0x7F) == 0 ? "exit \((status >> 8) & 0xFF)" : "signal \(status & 0x7F)"
    }

    private static func rawWait(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        return status
    }

    /// A wait status as a shell says it: the exit status, or 128 + the signal.
    static func exitStatus(_ status: Int32) -> Int32 { (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F) }
}
