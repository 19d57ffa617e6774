import CSignals

#if canImport(Glibc)
    import Glibc
#endif

/// `authhelper exec --token-file`'s parent: runs a program as its child and keeps a 0600 token
/// file fresh (its path in `AUTHHELPER_TOKEN_FILE`), rewritten atomically before the token runs
/// out of `freshness`, so the file always holds a valid token. Signals sent to the parent go to
/// the child; the file is removed when the child ends.
struct TokenFileKeeper {
    let context: AuthContext
    let freshness: Freshness
    /// A token that meets `freshness` (the broker's answer to the exec adapter).
    let renew: () throws(AuthError) -> CachedToken

    /// The child's exit status (128 + the signal when a signal ended it, as a shell reports it).
    ///
    /// The forwarding handlers are in place before anything else, so no signal finds the parent
    /// without one: a signal before the child exists means it is not started (the file is
    /// removed, the status is 128 + the signal); one during the spawn is sent to the child.
    func run(_ command: [String]) throws(AuthError) -> Int32 {
        ah_signals_forward_begin()
        var token = try renew()
        let folder = context.paths.runtimeFolder
        let tokenFile = RuntimeFolder.File.scratch("exec-\(getpid()).token")
        let path = folder.location(of: tokenFile) ?? ""
        try folder.write(tokenFile, Array(token.accessToken.utf8))
        defer { try? folder.remove(tokenFile) }
        setenv(ExecEnvironment.tokenFileVariable, path, 1)

        let early = ah_signals_forward_pending()
        guard early == 0 else {
            context.diagnostics.debug("signal \(early) arrived before the program started; it was not started")
            return 128 + early
        }
        let child = try spawn(command)
        ah_signals_forward_to(child)
        var status: Int32 = 0
        var retryAt: Int64 = 0
        while true {
            let ended = waitpid(child, &status, WNOHANG)
            if ended == child || (ended < 0 && errno != EINTR) { break }
            let now = context.clock.now()
            if !freshness.isMet(by: token, now: now), now >= retryAt {
                do {
                    token = try renew()
                    try folder.write(tokenFile, Array(token.accessToken.utf8))
                    context.diagnostics.debug("token file rewritten; the token is valid until \(Clock.rfc3339(token.expiresAt))")
                } catch {
                    // The program keeps running with what the file holds; try again shortly.
                    context.diagnostics.warning("the token file could not be refreshed (\(error.message)); trying again in 5 s.")
                    retryAt = now + 5
                }
            }
            usleep(100_000)
        }
        return Subprocess.exitStatus(status)
    }

    private func spawn(_ command: [String]) throws(AuthError) -> pid_t {
        // The program's arguments byte for byte as authhelper got them (ProcessArguments); it
        // starts with the forwarded signals at their default actions and an empty mask, whatever
        // this thread had blocked.
        var program = Subprocess(cStrings: ProcessArguments.cStrings(for: command))
        defer { program.release() }
        program.searchesPath = true
        program.signals = .forwardedAtDefault
        switch program.start() {
        case .success(let pid): return pid
        case .failure(let failure):
            let failed = ExecEnvironment.failedStart(command[0], errno: failure.code)
            throw .childFailedToStart(failed.status, failed.message)
        }
    }
}
