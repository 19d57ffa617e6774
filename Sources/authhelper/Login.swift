import ArgumentParser
import AuthHelperCore

struct Login: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in and keep the session in the keyring.",
        discussion: """
            Asks on the terminal for whatever is missing; the password is read with echo off and is \
            never accepted as a flag. The refresh token goes to the keyring, the profile (no secrets) \
            to the config file. The first profile logged in becomes the default.

            Examples:
              authhelper login --server https://api.example.com --username alice
              printf '%s\\n' "$PASSWORD" | authhelper login --profile ci --password-stdin
              authhelper login --profile work --with-client-secret
              authhelper login --issuer https://auth.example.com/realms/main --client-id cli --username alice
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("The server's base URL: https://host[:port][/path].", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("The user to log in as.", valueName: "name"))
    var username: String?

    @Option(name: .customLong("client-id"), help: ArgumentHelp("The client ID to send (the account ID today).", valueName: "id"))
    var clientID: String?

    @Option(help: ArgumentHelp("The scope to request.", valueName: "scope"))
    var scope: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @Flag(name: .customLong("with-client-secret"), help: "Also ask for a client secret (with --password-stdin: the second line of standard input).")
    var withClientSecret = false

    @Option(help: ArgumentHelp("A standard OAuth 2.0 server to discover (RFC 8414, then OpenID Connect); --server defaults to it.", valueName: "url"))
    var issuer: String?

    @Option(name: .customLong("token-url"), help: ArgumentHelp("A standard OAuth 2.0 token endpoint, for servers that publish no metadata.", valueName: "url"))
    var tokenURL: String?

    @Flag(name: .customLong("remember-password"), help: "Keep the password in the keyring item and log in again by itself when the session ends (not with the file store).")
    var rememberPassword = false

    func validate() throws {
        if let server {
            do { _ = try ServerURL(parsing: server) } catch { throw ValidationError(error.message) }
        }
        if let username {
            do { try Profile.validateUsername(username) } catch { throw ValidationError(error.message) }
        }
        if let issuer {
            do { _ = try ServerURL(parsing: issuer) } catch { throw ValidationError(error.message) }
        }
        if let tokenURL {
            do { _ = try EndpointURL(parsing: tokenURL) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            let outcome = try LoginService(context: context).login(
                LoginOptions(
                    server: server, username: username, clientID: clientID, scope: scope,
                    passwordFromStdin: passwordStdin, withClientSecret: withClientSecret, issuer: issuer, tokenURL: tokenURL,
                    rememberPassword: rememberPassword))
            context.diagnostics.info("Logged in to \(outcome.profile.server) as \(outcome.profile.username) (profile '\(outcome.profile.name)'); the session is kept in \(outcome.storeLocation).")
            if outcome.grant.refreshToken == nil {
                let end = Clock.rfc3339(outcome.grant.expiresAt)
                context.diagnostics.info(
                    outcome.profile.rememberPassword
                        ? "The server gave no refresh token: when the access token expires (\(end)), authhelper logs in again with the remembered password."
                        : "The server gave no refresh token: this session ends when its access token does (\(end)); then log in again, or use --remember-password.")
            }
        }
    }
}
