/// `authhelper exec`: runs a program with a fresh access token in its environment, never in its
/// argv (which every user can read): for programs that cannot run a command before each request.
public struct ExecRunner {
    public let context: AuthContext
    public let freshness: Freshness
    /// The token's audience (`--resource`, `--scope`).
    public let audience: Audience

    public init(context: AuthContext, freshness: Freshness, audience: Audience = .profileDefault) {
        self.context = context
        self.freshness = freshness
        self.audience = audience
    }

    /// Puts the token in the environment and replaces this process with `command`: its exit
    /// status and its signals are the program's own. Returns only when the program cannot be
    /// started, with the shell's status.
    public func replaceProcess(with command: [String], tokenVariable: String, headerVariable: String?) throws(AuthError) -> Int32 {
        let failed = ExecEnvironment.replaceProcess(
            with: command, tokenVariable: tokenVariable, headerVariable: headerVariable, accessToken: try token().accessToken)
        context.diagnostics.error(failed.message)
        return failed.status
    }

    /// Runs `command` as a child that reads its token from a file kept fresh (TokenFileKeeper);
    /// the child's exit status.
    public func runKeepingTokenFile(_ command: [String]) throws(AuthError) -> Int32 {
        try TokenFileKeeper(context: context, freshness: freshness, renew: token).run(command)
    }

    /// A program's environment holds a bare token only.
    private func token() throws(AuthError) -> CachedToken {
        let caller = CredentialBroker.Caller(
            protocolName: "`authhelper exec` (a program's environment)", freshness: freshness, attendance: .terminal)
        return try CredentialBroker(context: context).selectedProfileToken(for: caller, audience: audience)
    }
}
