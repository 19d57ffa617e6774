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
              authhelper login https://mcp.example.com/mcp   # an API that says what it needs (RFC 9728)
              printf '%s\\n' "$PASSWORD" | authhelper login --profile ci --password-stdin
              authhelper login --profile work --with-client-secret
              authhelper login --issuer https://auth.example.com/realms/main --client-id cli --username alice
              authhelper login --device --issuer https://auth.example.com --client-id cli
              authhelper login --browser --issuer https://auth.example.com --client-id cli
              # over SSH, connected with `ssh -L 8400:127.0.0.1:8400 host`:
              authhelper login --browser --no-browser --redirect-port 8400 --issuer https://auth.example.com --client-id cli
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(
        help: ArgumentHelp(
            """
            A protected API to log in to with nothing else: its metadata (RFC 9728) names the authorization server and the \
            scopes, and authhelper registers itself there (RFC 7591) unless --client-id is given.
            """, valueName: "api-url"))
    var apiURL: String?

    @Option(help: ArgumentHelp("The server's base URL: https://host[:port][/path].", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("The user to log in as.", valueName: "name"))
    var username: String?

    @Option(name: .customLong("client-id"), help: ArgumentHelp("The client ID to send (your server names it: often cli).", valueName: "id"))
    var clientID: String?

    @Option(help: ArgumentHelp("The scope to request.", valueName: "scope"))
    var scope: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @Flag(
        name: .customLong("with-client-secret"),
        help: "Also ask for a client secret (with --password-stdin: the second line of standard input).")
    var withClientSecret = false

    @Option(
        help: ArgumentHelp(
            "A standard OAuth 2.0 server to discover (RFC 8414, then OpenID Connect); --server defaults to it.", valueName: "url"))
    var issuer: String?

    @Option(
        name: .customLong("token-url"),
        help: ArgumentHelp("A standard OAuth 2.0 token endpoint, for servers that publish no metadata.", valueName: "url"))
    var tokenURL: String?

    @Flag(
        name: .customLong("remember-password"),
        help: "Keep the password in the keyring item and log in again by itself when the session ends (not with the file store).")
    var rememberPassword = false

    @Flag(
        help: "Let `authhelper agent` hand this profile's access tokens to machines its socket is forwarded to over SSH (forward = true).")
    var forward = false

    @Flag(help: "Log in by confirming a code in a browser on any device (RFC 8628 device authorization grant); no password here.")
    var device = false

    @Flag(help: "Log in in a browser on this machine (authorization code with PKCE, redirect to 127.0.0.1); no password here.")
    var browser = false

    @Flag(name: .customLong("no-browser"), help: "With --browser: print the address to open instead of starting a browser.")
    var noBrowser = false

    @Option(
        name: .customLong("redirect-port"),
        help: ArgumentHelp(
            """
            With --browser: listen on this port of 127.0.0.1 (for a server that registered it, or `ssh -L N:127.0.0.1:N`); default: \
            any free port.
            """,
            valueName: "port"))
    var redirectPort: UInt16?

    @Option(
        name: .customLong("browser-timeout"),
        help: ArgumentHelp("With --browser: seconds to wait for the browser's answer.", valueName: "seconds"))
    var browserTimeout = BrowserLoginOptions.defaultTimeout

    @Option(
        name: .customLong("device-authorization-url"),
        help: ArgumentHelp("The device authorization endpoint, for servers that do not publish it.", valueName: "url"))
    var deviceAuthorizationURL: String?

    @Option(
        name: .customLong("authorization-url"),
        help: ArgumentHelp("The authorization endpoint, for servers that do not publish it.", valueName: "url"))
    var authorizationURL: String?

    @Option(
        name: .customLong("client-auth"),
        help: ArgumentHelp(
            "How a client with a secret authenticates: basic, post or none (recorded; default: as the server's metadata suggests).",
            valueName: "method"))
    var clientAuth: ClientAuthMethod?

    @Option(
        name: .customLong("param"), parsing: .singleValue,
        help: ArgumentHelp(
            """
            An extra parameter for the authorization and token requests, as NAME=VALUE (repeatable, recorded; never a secret), e.g. \
            audience=https://api.example.com.
            """,
            valueName: "name=value"),
        transform: { (text: String) throws -> RequestParameter in
            do { return try RequestParameter(parsing: text) } catch let error as AuthError { throw ValidationError(error.message) }
        })
    var parameters: [RequestParameter] = []

    @Option(
        name: .customLong("resource"),
        help: ArgumentHelp(
            """
            An API the session is for, as its absolute URI (RFC 8707; repeatable, recorded): sent with the login, and `authhelper \
            curl` asks for its own token for URLs on its origin.
            """,
            valueName: "uri"))
    var resources: [String] = []

    @Option(
        name: .customLong("registry"),
        help: ArgumentHelp(
            """
            A container registry this profile answers for in docker-credential-authhelper (HOST or HOST:PORT; repeatable, \
            recorded): docker, podman, skopeo and buildah get a fresh access token for it.
            """,
            valueName: "host"))
    var registries: [String] = []

    @Option(
        name: .customLong("ca-file"),
        help: ArgumentHelp(
            "A CA bundle (PEM) to verify the server with, for a server signed by a private CA (recorded as ca_file).", valueName: "path"),
        completion: .file(extensions: ["pem", "crt"]))
    var caFile: String?

    @Flag(name: .customLong("set-default"), help: "Make this profile the default (default_profile in the config).")
    var setDefault = false

    @Flag(
        help: """
            Bind the session's tokens to a new P-256 key kept in the store (DPoP, RFC 9449; with --issuer or --token-url), so that \
            a stolen token is of no use without it (recorded as dpop = true).
            """)
    var dpop = false

    func validate() throws {
        if let caFile, !caFile.hasPrefix("/") {
            throw ValidationError("--ca-file takes an absolute path (it is recorded in the config), not '\(printable(caFile))'.")
        }
        if let caFile, case .missing = SecureFiles.read(caFile, limit: 4 << 20, requirePrivate: false, followSymlink: true) {
            throw ValidationError("--ca-file: \(printable(caFile)) does not exist.")
        }
        for registry in registries where RegistryName(parsing: registry) == nil {
            throw ValidationError("'\(printable(registry))' is not a registry: give HOST or HOST:PORT, such as ghcr.io.")
        }
        for resource in resources {
            do { _ = try Audience(resources: [resource], scope: nil) } catch { throw ValidationError(error.message) }
        }
        if let server {
            do { _ = try ServerURL(parsing: server) } catch { throw ValidationError(error.message) }
        }
        if let apiURL {
            do { _ = try ServerURL(parsing: apiURL) } catch { throw ValidationError(error.message) }
            if passwordStdin || tokenURL != nil {
                throw ValidationError(
                    "\(passwordStdin ? "--password-stdin" : "--token-url") does not go with an API URL: its login is in a browser.")
            }
        }
        if let username {
            do { try Profile.validateUsername(username) } catch { throw ValidationError(error.message) }
        }
        if let issuer {
            do { _ = try ServerURL(parsing: issuer) } catch { throw ValidationError(error.message) }
        }
        for url in [tokenURL, deviceAuthorizationURL, authorizationURL].compactMap({ $0 }) {
            do { _ = try EndpointURL(parsing: url) } catch { throw ValidationError(error.message) }
        }
        if device && browser { throw ValidationError("Give --device or --browser, not both.") }
        if (device || browser) && passwordStdin {
            throw ValidationError("--password-stdin cannot be used with --\(device ? "device" : "browser"): no password is asked.")
        }
        if !browser, apiURL == nil, noBrowser || redirectPort != nil {
            throw ValidationError("--no-browser and --redirect-port go with --browser.")
        }
        if redirectPort == 0 { throw ValidationError("--redirect-port must be between 1 and 65535.") }
        if !(1...86400).contains(browserTimeout) { throw ValidationError("--browser-timeout must be between 1 and 86400 seconds.") }
    }

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            var loginOptions =
                LoginOptions(
                    server: server, username: username, clientID: clientID, scope: scope,
                    passwordFromStdin: passwordStdin, withClientSecret: withClientSecret, issuer: issuer, tokenURL: tokenURL,
                    rememberPassword: rememberPassword, grant: device ? .device : browser ? .browser : nil,
                    browser: BrowserLoginOptions(openBrowser: !noBrowser, timeout: browserTimeout), redirectPort: redirectPort,
                    deviceAuthorizationURL: deviceAuthorizationURL, authorizationURL: authorizationURL, clientAuth: clientAuth,
                    parameters: parameters)
            loginOptions.forward = forward
            loginOptions.resources = resources
            loginOptions.registries = registries.compactMap(RegistryName.init(parsing:))
            loginOptions.caFile = caFile
            loginOptions.setDefault = setDefault
            loginOptions.dpop = dpop
            if let apiURL { loginOptions = try ResourceLogin(context: context).options(for: apiURL, given: loginOptions) }
            let outcome = try LoginService(context: context).login(loginOptions)
            let who = outcome.profile.username.isEmpty ? "" : " as \(outcome.profile.username)"
            context.diagnostics.info(
                """
                Logged in to \(outcome.profile.server)\(who) (profile '\(outcome.profile.name)'); the session is kept in \
                \(outcome.storeLocation).
                """
            )
            if outcome.grant.refreshToken == nil {
                let end = Clock.rfc3339(outcome.grant.expiresAt)
                context.diagnostics.info(
                    outcome.profile.rememberPassword
                        ? """
                        The server gave no refresh token: when the access token expires (\(end)), authhelper logs in again with the \
                        remembered password.
                        """
                        : outcome.profile.offlineAccessHint.map { "The server gave no refresh token: \($0) (it ends at \(end))." }
                            ?? """
                            The server gave no refresh token: this session ends when its access token does (\(end)); then log in \
                            again, or use --remember-password.
                            """
                )
            }
        }
    }
}
extension ClientAuthMethod: ExpressibleByArgument {}
