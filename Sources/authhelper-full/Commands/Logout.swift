import ArgumentParser
import AuthHelperCore

struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete the profile's secrets from the keyring and the runtime cache.",
        discussion: """
            The profile's settings stay in the config file, so the next login asks only for the \
            password. Where the server has a revocation endpoint (RFC 7009), the refresh token and \
            then the access token are revoked first, best effort within the request timeout; the \
            local secrets are deleted whatever the server answers. --local sends nothing.

            Examples:
              authhelper logout
              authhelper logout --all
              authhelper logout --local    # offline: delete here, revoke nothing
              authhelper logout --forget --profile old   # and remove the profile from the config
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Log out of every profile.")
    var all = false

    @Flag(help: "Delete the local secrets only; send nothing to the server.")
    var local = false

    @Flag(help: "Remove the profile from the config file as well (with --all, every profile).")
    var forget = false

    func run() throws {
        let context = options.makeContext()
        var failureStatus: Int32?
        try runReportingErrors(context) { () throws(AuthError) in
            let outcomes = try AccountService(context: context).logout(all: all, local: local, forget: forget)
            let cleared = outcomes.filter { $0.failure == nil }
            let failed = outcomes.filter { $0.failure != nil }
            if cleared.isEmpty, failed.isEmpty {
                context.diagnostics.info("Nothing to log out: no stored session\(all ? "s" : "").")
            } else if !cleared.isEmpty {
                context.diagnostics.info("Logged out of \(cleared.map { "'\($0.profile)'" }.joined(separator: ", ")).")
            }
            for profile in failed {
                context.diagnostics.error("profile '\(profile.profile)' could not be logged out here: \(profile.failure!.message)")
            }
            var refused: AuthError?
            for profile in cleared {
                for leftover in profile.leftovers { context.diagnostics.info(leftover.said(profile: profile.profile)) }
                switch profile.server {
                case .revoked(let what) where !what.isEmpty:
                    context.diagnostics.debug("profile \(profile.profile): revoked the \(what.joined(separator: " and ")) at the server")
                case .refused:
                    context.diagnostics.warning(
                        """
                        the server did not revoke the session of '\(profile.profile)' (-v says what it answered): its refresh token \
                        stays valid until it expires. The local secrets are gone.
                        """
                    )
                case .noRevocationEndpoint:
                    context.diagnostics.warning(
                        """
                        the server of '\(profile.profile)' has no revocation endpoint, so it was not told: the refresh token stays valid \
                        there until it expires. The local secrets are gone.
                        """
                    )
                case .notTold(let error):
                    refused =
                        refused
                        ?? error.adding(
                            """
                            The local session was removed; the server was not told, so its refresh token stays valid there until it \
                            expires.
                            """
                        )
                default: break
                }
            }
            if let refused { throw refused }
            failureStatus = failed.first?.failure?.exitCode
        }
        if let failureStatus { throw ExitCode(failureStatus) }
    }
}
