import ArgumentParser
import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

struct Curl: PassthroughCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run curl with a fresh bearer header that is in no process's argv.",
        discussion: """
            authhelper's own options come first; everything after `--`, or from the first argument \
            authhelper does not know, goes to curl unchanged. The header reaches curl through a \
            config on a pipe (`curl -K /dev/fd/3`), so `ps` shows no token.

            The token goes only to URLs of the profile's server (scheme, host, port, path prefix), \
            to the origins its also_for lists and to those of its resources; any other URL is a \
            usage error (64) before curl runs. A URL on the origin of one of the profile's resources \
            (`login --resource`) gets that API's own token (RFC 8707) without being told; \
            --resource and --scope ask for one explicitly. curl's arguments are read as curl reads \
            them; anything curl might read otherwise \
            is refused (64, naming it): an option authhelper does not know, an abbreviated option \
            name (write --location, not --loc), --name=value, and the options that would send the \
            request or the token elsewhere (-K/--config, --location-trusted, --connect-to, \
            --resolve, --unix-socket, --request-target, --path-as-is, --variable, --expand-*). \
            curl runs with -q first, so no .curlrc adds URLs; --help, --manual and --version run \
            curl without the token.

            On HTTP 401, authhelper refreshes once and runs the request again — only when the \
            first response is a 401 from the profile's server (not one after a redirect) and every \
            body source can be read twice (literal data, regular files; not stdin by any name, a \
            FIFO or a device). To tell the status \
            without touching curl's output, curl dumps the response headers to a private file; the \
            first attempt's output is held in private temporary files and shown unchanged unless it \
            is a 401 that gets retried. --no-retry streams curl's output directly and never retries. \
            stdout, stderr and the exit status are curl's.

            A DPoP-bound profile (login --dpop) sends `Authorization: DPoP` and a new proof for \
            curl's method and URL on every attempt, with the nonce the URL's origin last gave \
            (`DPoP-Nonce`, remembered per origin). A 401 that asks for a nonce \
            (`WWW-Authenticate: DPoP error="use_dpop_nonce"`) gets one retry with it, before \
            the refresh.

            Examples:
              authhelper curl https://api.example.com/users/me
              authhelper curl --profile work -- -sS -X POST -d '{"a":1}' https://api.example.com/items
              authhelper curl https://files.example.com/v1/list   # the token for files.example.com
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var minTTL: MinTTLOption
    @OptionGroup var audience: AudienceOptions

    @Flag(name: .customLong("no-retry"), help: "Do not retry on HTTP 401; stream curl's output directly.")
    var noRetry = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("Arguments for curl.", valueName: "curl-arguments"))
    var curlArguments: [String] = []

    /// curl's own options besides the global ones.
    static let ownOptions = CommandOptionTable.curl

    func run() throws {
        let context = options.makeContext()
        // main() put a `--` before curl's arguments (PassthroughArguments.separating); the parser drops it.
        let arguments = curlArguments
        var exitStatus: Int32 = 0
        try runReportingErrors(context) { () throws(AuthError) in
            exitStatus = try CurlService(context: context).run(
                arguments, freshness: minTTL.freshness, audience: audience.isGiven ? audience.audience : nil, retry: !noRetry,
                stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
        }
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }
}
