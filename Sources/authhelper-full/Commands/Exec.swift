import ArgumentParser
import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

struct Exec: PassthroughCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a program with a fresh access token in its environment (never in argv).",
        discussion: """
            The token goes into the environment variable AUTHHELPER_TOKEN (--env to choose \
            another; --header-env for the whole 'Authorization: Bearer …' header), and \
            authhelper replaces itself with the program: its exit status and signals are the \
            program's own. A program that is not found exits 127, one that cannot be run 126, as \
            in a shell.

            With --token-file, for programs that run longer than a token lives, authhelper stays \
            as a small parent: a 0600 file under $XDG_RUNTIME_DIR/authhelper/ holds the token, \
            its path is in AUTHHELPER_TOKEN_FILE, and it is rewritten atomically before the \
            token runs out of --min-ttl, so it always holds a valid token. Signals sent to \
            authhelper go to the program; the file is removed when the program ends; the exit \
            status is the program's.

            authhelper's own options come first; everything after `--`, or from the first \
            argument authhelper does not know, is the program and its arguments.

            Examples:
              authhelper exec -- python3 sync.py
              authhelper exec --header-env AUTH_HEADER -- ./client
              authhelper exec --token-file -- ./long-job    # reads $AUTHHELPER_TOKEN_FILE each time
            """
    )

    /// exec's own options besides the global ones.
    static let ownOptions = CommandOptionTable.exec

    @OptionGroup var options: GlobalOptions
    @OptionGroup var minTTL: MinTTLOption
    @OptionGroup var audience: AudienceOptions

    @Option(help: ArgumentHelp("The environment variable for the token (default AUTHHELPER_TOKEN).", valueName: "name"))
    var env: String?

    @Option(
        name: .customLong("header-env"),
        help: ArgumentHelp("An environment variable for the whole 'Authorization: Bearer …' header.", valueName: "name"))
    var headerEnv: String?

    @Flag(
        name: .customLong("token-file"), help: "Keep a 0600 token file fresh while the program runs; its path is in AUTHHELPER_TOKEN_FILE.")
    var tokenFile = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The program and its arguments.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("Give the program to run: authhelper exec -- COMMAND [ARGUMENTS…].") }
        for name in [env, headerEnv].compactMap({ $0 }) where !ExecEnvironment.isVariableName(name) {
            throw ValidationError(
                "'\(printable(name))' is not a valid environment variable name (letters, digits and '_', not starting with a digit).")
        }
        if tokenFile, env != nil || headerEnv != nil {
            throw ValidationError(
                """
                --token-file keeps the token in a file (AUTHHELPER_TOKEN_FILE), not in a variable that would go stale; drop --env and \
                --header-env.
                """
            )
        }
    }

    func run() throws {
        let context = options.makeContext()
        var status: Int32 = 0
        try runReportingErrors(context) { () throws(AuthError) in
            let runner = ExecRunner(context: context, freshness: minTTL.freshness, audience: audience.audience)
            if tokenFile {
                status = try runner.runKeepingTokenFile(command)
            } else {
                status = try runner.replaceProcess(
                    with: command, tokenVariable: env ?? ExecEnvironment.defaultTokenVariable, headerVariable: headerEnv)
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
