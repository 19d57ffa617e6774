import ArgumentParser
import AuthHelperCore

struct Header: ParsableCommand {
    static let defaultMinTTL: Int64 = 60

    static let configuration = CommandConfiguration(
        abstract: "Print 'Authorization: Bearer <access token>'.",
        discussion: """
        Refreshes first when the cached access token has less than --min-ttl seconds left.

        Examples:
          curl -H "$(authhelper header)" https://api.example.com/users/me
          curl -H @<(authhelper header) https://api.example.com/users/me   # token not in argv
        """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var freshness: Freshness

    func run() throws {
        let status = TokenProduct.header.serve(context: options.makeContext(), minTTL: freshness.minTTL)
        if status != 0 { throw ExitCode(status) }
    }
}

/// What `header` and `token` print. One place serves both the commands and the fast path, which
/// runs the same service without ArgumentParser when the runtime cache cannot answer.
enum TokenProduct {
    case header
    case bare

    func line(for accessToken: String) -> String {
        switch self {
        case .header: "Authorization: Bearer \(accessToken)\n"
        case .bare: "\(accessToken)\n"
        }
    }

    /// Prints a token fresh for `minTTL`; on failure reports the error on stderr and returns its
    /// exit status (stdout stays empty).
    func serve(context: AuthContext, minTTL: Int64) -> Int32 {
        do {
            let token = try TokenService(context: context).freshToken(minTTL: minTTL)
            writeProduct(line(for: token.accessToken))
            return 0
        } catch {
            context.diagnostics.error(error.message)
            return error.exitCode
        }
    }
}

/// `--min-ttl`, shared by `header` and `token`.
struct Freshness: ParsableArguments {
    @Option(name: .customLong("min-ttl"), help: ArgumentHelp("Refresh when the access token has fewer seconds left than this.", valueName: "seconds"))
    var minTTL: Int64 = Header.defaultMinTTL

    func validate() throws {
        guard minTTL >= 0 else { throw ValidationError("--min-ttl must be 0 or more seconds, not \(minTTL).") }
    }
}

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the bare access token.",
        discussion: """
        Like header, without the 'Authorization: Bearer ' prefix.

        Example:
          TOKEN=$(authhelper token --min-ttl 300)
        """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var freshness: Freshness

    func run() throws {
        let status = TokenProduct.bare.serve(context: options.makeContext(), minTTL: freshness.minTTL)
        if status != 0 { throw ExitCode(status) }
    }
}

struct Refresh: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Refresh the access token now.",
        discussion: "Spends the refresh token and stores the new pair. Prints nothing on stdout."
    )

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            let token = try TokenService(context: context).forceRefresh()
            context.diagnostics.info("Refreshed; the access token is valid until \(Clock.rfc3339(token.expiresAt)).")
        }
    }
}
