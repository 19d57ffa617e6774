#if canImport(Glibc)
    import Glibc
#endif

/// The authorization code grant with PKCE and a loopback redirect (RFC 6749 §4.1, RFC 7636 S256,
/// RFC 8252 §7.3), with a person: listen on 127.0.0.1, send the browser to the authorization
/// endpoint, take back one answer — from the browser's redirect, or pasted at the terminal when
/// the browser runs where the redirect cannot reach (SSH without a forwarded port) — check it,
/// and trade its code for tokens.
struct BrowserLogin {
    let context: AuthContext
    let server: OAuth2Server
    let options: BrowserLoginOptions

    static let callbackPath = "/callback"

    func run(clientSecret: String?) throws(AuthError) -> TokenGrant {
        let profile = server.profile
        guard let endpoint = profile.authorizationURL else {
            throw .configuration(
                "Profile '\(profile.name)' has no authorization_url; give --authorization-url, or an --issuer that publishes one.")
        }
        let pkce = try PKCE.make()
        context.diagnostics.registerToken(pkce.verifier)
        let state = RandomText.urlSafe(bytes: 16)
        // OpenID Connect makes nonce optional for the code flow; some servers require it.
        let nonce = Self.asksForOpenIDConnect(profile) ? RandomText.urlSafe(bytes: 16) : nil
        let listener = try LoopbackListener(port: profile.redirectPort ?? 0)
        let redirectURI = "http://127.0.0.1:\(listener.port)\(Self.callbackPath)"
        let url = Self.authorizationRequest(
            endpoint, profile: profile, redirectURI: redirectURI, state: state, challenge: pkce.challenge, nonce: nonce)
        let pasteFD = openTerminalForPaste()
        defer { if let pasteFD { close(pasteFD) } }
        sendPersonToBrowser(url, canPaste: pasteFD != nil)
        let code = try awaitCode(listener, state: state, pasteFD: pasteFD)
        return try server.redeem(code: code, verifier: pkce.verifier, redirectURI: redirectURI, clientSecret: clientSecret, nonce: nonce)
    }

    static func asksForOpenIDConnect(_ profile: Profile) -> Bool {
        profile.scopeValues.contains("openid")
    }

    // MARK: Steps

    /// The authorization endpoint with the request's parameters (§4.1.1, RFC 7636 §4.3), after
    /// any query the endpoint already has.
    static func authorizationRequest(
        _ endpoint: EndpointURL, profile: Profile, redirectURI: String, state: String, challenge: String, nonce: String? = nil
    ) -> String {
        var fields = [("response_type", "code")]
        if let clientID = profile.clientID { fields.append(("client_id", clientID)) }
        fields += [("redirect_uri", redirectURI)]
        if let scope = profile.scope { fields.append(("scope", scope)) }
        fields += profile.resourceFields
        fields += [("state", state), ("code_challenge", challenge), ("code_challenge_method", PKCE.method)]
        if let nonce { fields.append(("nonce", nonce)) }
        fields += profile.parameterFields
        return endpoint.text + (endpoint.text.contains("?") ? "&" : "?") + FormEncoding.encode(fields)
    }

    /// The terminal, to read a pasted address from: only when a person may be asked.
    private func openTerminalForPaste() -> Int32? {
        guard context.mayPrompt, !context.noticesOnStderr else { return nil }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        return fd >= 0 ? fd : nil
    }

    /// The address at once, then the browser: a browser that did not start is said, never
    /// "opening" while nothing opens.
    private func sendPersonToBrowser(_ url: String, canPaste: Bool) {
        let server = server.profile.server
        var text: String
        if options.openBrowser {
            text = "Opening a browser to log in to \(server). If none opens, open this address yourself:\n  \(url)\n"
        } else {
            text = "To log in to \(server), open this address in a browser on this machine:\n  \(url)\n"
        }
        if canPaste {
            text += "If that browser cannot reach this machine (SSH without a forwarded port), paste here the address it ends at:\n"
        }
        let wait = options.timeout >= 60 ? "\(options.timeout / 60) min" : "\(options.timeout) s"
        text += "Waiting up to \(wait) (Ctrl-C stops)…\n"
        context.tell(text)
        guard options.openBrowser else { return }
        switch BrowserLauncher.open(url, environment: context.environment) {
        case .started(let browser):
            context.diagnostics.debug("opened the authorization address with \(browser)")
        case .failed(let command, let how):
            context.tell("No browser started (\(printable(command)): \(how)); open the address above yourself, on any device.\n")
        }
    }

    /// Said once when no answer has come after a while: a server that refuses the redirect
    /// address shows its error in the browser, where authhelper cannot see it.
    private var noAnswerYetHint: String {
        let profile = server.profile
        let device = profile.deviceAuthorizationURL != nil ? "; or `authhelper login --device`, which needs no redirect" : ""
        return """
            No answer from the browser yet. If it shows an error about the redirect address, the server wants the port registered \
            for client '\(printable(profile.clientID ?? "?"))': log in again with --redirect-port PORT (its administrator knows \
            it), or with --no-browser to open the address yourself\(device).\n
            """
    }

    /// The one answer, checked: its `state` is this login's, its `iss` (when present, RFC 9207)
    /// the profile's issuer, and it holds a code rather than an error.
    ///
    /// A request to the callback whose `state` is not this login's cannot be the browser coming
    /// back: any local process or web page that knows the port can send one. It gets an error
    /// page and the wait goes on until the deadline, so it cannot end the login.
    private func awaitCode(_ listener: LoopbackListener, state: String, pasteFD: Int32?) throws(AuthError) -> String {
        let deadline = Clock.monotonicMilliseconds() + Double(options.timeout) * 1000
        // After 20 s without an answer (half the wait, when that is shorter), one line of advice.
        var hintAt: Double? = Clock.monotonicMilliseconds() + Double(min(20, max(1, options.timeout / 2))) * 1000
        while true {
            switch listener.waitForAnswer(path: Self.callbackPath, deadline: min(hintAt ?? deadline, deadline), pasteFD: pasteFD) {
            case .timedOut where hintAt.map({ $0 < deadline }) ?? false:
                hintAt = nil
                context.tell(noAnswerYetHint)
            case .timedOut:
                throw .temporary(
                    "No answer came back from the browser within \(options.timeout) s; nothing was stored. Run `authhelper login` again.")
            case .pasted(let fields):
                guard Self.carries(state, fields) else {
                    throw .notPermitted("The pasted address is not an answer to this login (its state does not match); nothing was stored.")
                }
                return try check(fields)
            case .callback(let fields, let connection) where !Self.carries(state, fields):
                context.diagnostics.debug(
                    "a request to the callback without this login's state was answered with an error page; still waiting")
                LoopbackListener.respond(
                    connection, status: "400 Bad Request", page: "This is not an answer to the login authhelper is waiting for.")
            case .callback(let fields, let connection):
                do {
                    let code = try check(fields)
                    LoopbackListener.respond(
                        connection, page: "authhelper has your login. You can close this window and go back to the terminal.")
                    return code
                } catch {
                    LoopbackListener.respond(
                        connection, page: "authhelper could not use this answer; the terminal says why. You can close this window.")
                    throw error
                }
            }
        }
    }

    /// Whether an answer carries this login's `state`: the one check that an answer is this
    /// login's, for the browser's redirect and a pasted address alike.
    static func carries(_ state: String, _ fields: [(String, String)]) -> Bool {
        fields.last(where: { $0.0 == "state" })?.1 == state
    }

    /// An answer that carries this login's state, checked further: its `iss`, and a code rather
    /// than an error.
    func check(_ fields: [(String, String)]) throws(AuthError) -> String {
        func field(_ name: String) -> String? { fields.last(where: { $0.0 == name })?.1 }
        if let iss = field("iss"), let issuer = server.profile.issuer, !ServerMetadata.sameIssuer(iss, issuer.description) {
            throw .notPermitted(
                "The answer came from the issuer '\(printable(iss, limit: 80))', not \(issuer) (RFC 9207); nothing was stored.")
        }
        // A code is what a mix-up attack delivers, so a code without the promised iss is refused.
        // An error answer is only a refusal (django-oauth-toolkit 3.x sends its access_denied
        // without iss although its metadata promises it).
        if field("iss") == nil, field("error") == nil, server.profile.requiresIssInAuthorizationResponse {
            throw .notPermitted(
                """
                The answer carries no iss, though \(server.profile.issuer.map(\.description) ?? "the issuer") says it always sends \
                one (authorization_response_iss_parameter_supported, RFC 9207): it may come from another server; nothing was stored.
                """
            )
        }
        if let error = field("error") {
            let description = field("error_description").map { ": \(printable($0, limit: 200))" } ?? ""
            if error == "access_denied" {
                throw .notPermitted("The login was declined in the browser (access_denied\(description)); nothing was stored.")
            }
            throw .notPermitted("The server refused the login (\(printable(error, limit: 60))\(description)); nothing was stored.")
        }
        guard let code = field("code"), !code.isEmpty else {
            throw .malformedResponse("The browser brought back neither a code nor an error; nothing was stored.")
        }
        context.diagnostics.registerToken(code)
        return code
    }
}
