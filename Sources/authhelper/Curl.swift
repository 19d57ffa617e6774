import ArgumentParser
import AuthHelperCore

#if canImport(Glibc)
import Glibc
#endif

struct Curl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run curl with a fresh bearer header that is in no process's argv.",
        discussion: """
        authhelper's own options come first; everything after `--`, or from the first argument \
        authhelper does not know, goes to curl unchanged. The header reaches curl through a \
        config on a pipe (`curl -K /dev/fd/3`), so `ps` shows no token.

        On HTTP 401, authhelper refreshes once and runs the request again — only when the \
        request can be replayed (not when curl reads a body from stdin). To tell the status \
        without touching curl's output, curl dumps the response headers to a private file; the \
        first attempt's output is held in private temporary files and shown unchanged unless it \
        is a 401 that gets retried. --no-retry streams curl's output directly and never retries. \
        stdout, stderr and the exit status are curl's.

        Examples:
          authhelper curl https://api.example.com/users/me
          authhelper curl --profile work -- -sS -X POST -d '{"a":1}' https://api.example.com/items
        """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var freshness: Freshness

    @Flag(name: .customLong("no-retry"), help: "Do not retry on HTTP 401; stream curl's output directly.")
    var noRetry = false

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for curl.", valueName: "curl-arguments"))
    var curlArguments: [String] = []

    /// Marks where curl's arguments begin: authhelper's own options first, then `--` or the first
    /// argument authhelper does not know. The parser sees an explicit `--` there, so a curl flag
    /// that authhelper also has (`-v`, `--help`) goes to curl when it comes after that point.
    static func separatingCurlArguments(_ arguments: [String]) -> [String] {
        let valued: Set = ["--profile", "--config", "--min-ttl", "--timeout"]
        let flags: Set = ["-v", "--verbose", "--no-retry", "--no-prompt", "-h", "--help"]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return arguments }
            if flags.contains(argument) { index += 1; continue }
            if valued.contains(argument) { index += 2; continue }
            if let eq = argument.firstIndex(of: "="), valued.contains(String(argument[..<eq])) { index += 1; continue }
            break
        }
        guard index < arguments.count else { return arguments }
        return Array(arguments[..<index]) + ["--"] + arguments[index...]
    }

    func run() throws {
        let context = options.makeContext()
        var arguments = curlArguments
        if arguments.first == "--" { arguments.removeFirst() }
        var exitStatus: Int32 = 0
        try runReportingErrors(context) { () throws(AuthError) in
            let tokens = TokenService(context: context)
            let token = try tokens.freshToken(minTTL: freshness.minTTL)
            let runner = CurlRunner(environment: context.environment, runtimeDirectory: context.paths.lockDirectory)
            guard !noRetry, CurlRunner.isReplayable(arguments) else {
                context.diagnostics.debug("running curl once (no retry: \(noRetry ? "--no-retry" : "request reads stdin"))")
                exitStatus = try runner.run(arguments: arguments, token: token.accessToken, capture: nil, quietProgress: false).exitStatus
                return
            }
            let capture = try CapturedOutput(directory: context.paths.lockDirectory)
            // Captured output is not a terminal; curl would then show its progress meter where,
            // on the person's terminal, it would not.
            let first = try runner.run(arguments: arguments, token: token.accessToken, capture: capture,
                                       quietProgress: isatty(STDOUT_FILENO) == 1)
            guard first.httpStatus == 401 else {
                capture.replay()
                exitStatus = first.exitStatus
                return
            }
            context.diagnostics.debug("HTTP 401: refreshing once and retrying")
            let renewed = try tokens.forceRefresh(rejected: token.accessToken)
            exitStatus = try runner.run(arguments: arguments, token: renewed.accessToken, capture: nil, quietProgress: false).exitStatus
        }
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }
}
