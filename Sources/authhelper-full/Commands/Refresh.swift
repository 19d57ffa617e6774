import ArgumentParser
import AuthHelperCore

struct Refresh: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Refresh the access token now.",
        discussion: "Spends the refresh token and stores the new pair. Prints nothing on stdout."
    )

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            let token = try CredentialBroker(context: context).refreshedSelectedProfileToken()
            context.diagnostics.info("Refreshed; the access token is valid until \(Clock.rfc3339(token.expiresAt)).")
        }
    }
}
