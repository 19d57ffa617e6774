#if canImport(Glibc)
    import Glibc
#endif

/// What `login` was told on its command line; anything missing is asked on the terminal.
public struct LoginOptions: Sendable {
    public var server: String?
    public var username: String?
    public var clientID: String?
    public var scope: String?
    public var passwordFromStdin: Bool
    public var withClientSecret: Bool
    /// A standard OAuth 2.0 server to discover (RFC 8414, OpenID Connect).
    public var issuer: String?
    /// A token endpoint given explicitly, over what discovery finds.
    public var tokenURL: String?
    /// Keep the password in the keyring item to log in again by itself.
    public var rememberPassword: Bool
    /// `--device` or `--browser`; nil: the profile's grant (a password for a new profile).
    public var grant: LoginGrant?
    public var browser = BrowserLoginOptions()
    /// `--redirect-port`, recorded in the profile.
    public var redirectPort: UInt16?
    /// Endpoints given explicitly, over what discovery finds.
    public var deviceAuthorizationURL: String?
    public var authorizationURL: String?
    /// `--client-auth`, recorded in the profile.
    public var clientAuth: ClientAuthMethod?
    /// `--param NAME=VALUE` (given: they replace the recorded ones).
    public var parameters: [RequestParameter] = []
    /// `--resource`: the APIs the session is for (RFC 8707), asked for at login and recorded.
    public var resources: [String] = []
    /// `--forward`: the agent may serve this profile to remote machines (recorded).
    public var forward = false
    /// `--registry`: container registries the profile answers for (recorded).
    public var registries: [RegistryName] = []
    /// `--ca-file`: the CA bundle the profile's server is verified with (recorded as ca_file).
    public var caFile: String?
    /// `--set-default`: the profile becomes the config's default_profile.
    public var setDefault = false
    /// `--dpop`: a new session bound to a new P-256 key (RFC 9449), recorded as `dpop = true`.
    public var dpop = false
    /// The registration access token of a client authhelper registered for this login (RFC 7591,
    /// ResourceLogin): a secret, kept in the store with the session.
    public var registrationAccessToken: String?

    public init(
        server: String? = nil, username: String? = nil, clientID: String? = nil, scope: String? = nil,
        passwordFromStdin: Bool = false, withClientSecret: Bool = false, issuer: String? = nil, tokenURL: String? = nil,
        rememberPassword: Bool = false, grant: LoginGrant? = nil, browser: BrowserLoginOptions = BrowserLoginOptions(),
        redirectPort: UInt16? = nil, deviceAuthorizationURL: String? = nil, authorizationURL: String? = nil,
        clientAuth: ClientAuthMethod? = nil, parameters: [RequestParameter] = []
    ) {
        self.clientAuth = clientAuth
        self.parameters = parameters
        self.grant = grant
        self.browser = browser
        self.redirectPort = redirectPort
        self.deviceAuthorizationURL = deviceAuthorizationURL
        self.authorizationURL = authorizationURL
        self.issuer = issuer
        self.tokenURL = tokenURL
        self.rememberPassword = rememberPassword
        self.server = server
        self.username = username
        self.clientID = clientID
        self.scope = scope
        self.passwordFromStdin = passwordFromStdin
        self.withClientSecret = withClientSecret
    }
}

/// Logs a profile in: settles the profile, proves the store usable, then (and only then) sends
/// the password, stores the pair, and saves the profile.
public struct LoginService: Sendable {
    public let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    public struct Outcome: Sendable {
        public let profile: Profile
        public let storeLocation: String
        public let grant: TokenGrant
    }

    public func login(_ options: LoginOptions) throws(AuthError) -> Outcome {
        var config = try context.broker.loadConfig()
        let name = try context.broker.profileName(in: config)
        let existing = config.profile(named: name)
        let options = try askForTheServer(of: name, existing: existing, options: options)
        var profile = try settleProfile(name, existing: existing, options: options)
        var withThisLogin = config
        withThisLogin.upsert(profile)
        if let twice = withThisLogin.registryClaimedTwice() { throw .usage("Nothing was sent: " + twice.sentence) }
        // Refused before any network use: a plain-http password must never leave the machine.
        try profile.server.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)
        let metadata = try settleEndpoints(of: &profile, options: options)
        if options.dpop || profile.dpop { try bindToANewKey(&profile, metadata: metadata) }
        if !profile.isOAuth2 { try requireTheSeedAPI(profile) }
        var (store, previous) = try proveStoreUsable(for: &profile)
        let replaced = ReplacedSession(previous, of: existing, replacedBy: profile)
        if let existing { tellIfRepointed(existing, to: profile, replacing: replaced) }
        if let previous = replaced.session, replaced.reusableClientSecret != nil, !options.withClientSecret {
            // The stored client secret goes to the device authorization endpoint too.
            try profile.requireEveryEndpointBound(for: previous)
        }
        let (grant, secrets): (TokenGrant, LoginSecrets)
        var read: LoginSecrets?
        do {
            (grant, secrets) = try obtainGrant(
                for: profile, options: options, reusableClientSecret: replaced.reusableClientSecret, secrets: &read)
        } catch {
            // A refusal a scope could fix: at a terminal, the person picks from the scopes the
            // server lists and the login is tried once more with them (the password read once);
            // else the message names them.
            let listed = metadata?.scopesSupported ?? []
            guard profile.scope == nil, !listed.isEmpty, context.mayPrompt, error.message.contains(OAuthError.scopeHint) else {
                throw OAuthError.namingScopes(error, listed)
            }
            profile.scope = try askForScopes(listed, after: error)
            do {
                (grant, secrets) = try obtainGrant(
                    for: profile, options: options, reusableClientSecret: replaced.reusableClientSecret, secrets: &read)
            } catch {
                throw OAuthError.namingScopes(error, listed)
            }
        }
        if grant.tookPasswordWithoutClientID, !profile.passwordGrantWithoutClientID {
            profile.passwordGrantWithoutClientID = true
            context.diagnostics.info(
                """
                The server took the password only without client_id in the form (Glewlwyd's way for a public client); \
                the profile records it (password_grant_without_client_id = true), and the client ID stays for every other request.
                """)
        }
        if profile.username.isEmpty, let userinfo = metadata?.userinfoEndpoint, let oauth2 = context.broker.oauth2Server(for: profile),
            let name = oauth2.userName(at: userinfo, accessToken: grant.accessToken)
        {
            // The keyring item is labelled and found by the username: the store follows the name.
            profile.username = name
            store = try context.broker.store(for: profile)
        }
        if options.setDefault { config.defaultProfile = profile.name }
        let registration = options.registrationAccessToken ?? replaced.session?.registrationAccessToken
        try keep(grant, secrets: secrets, registration: registration, profile: profile, replacing: existing, store: store, config: &config)
        revoke(replaced, by: grant)
        return Outcome(profile: profile, storeLocation: store.location, grant: grant)
    }

    /// The grant of the login the profile records, with the secrets it read (kept in `secrets`,
    /// so a second try after a refusal asks for nothing again).
    private func obtainGrant(
        for profile: Profile, options: LoginOptions, reusableClientSecret: String?, secrets read: inout LoginSecrets?
    ) throws(AuthError) -> (TokenGrant, LoginSecrets) {
        if profile.grant.usesAuthorizationServer {
            var clientSecret = read?.clientSecret
            if read == nil { clientSecret = try readClientSecret(options: options, previous: reusableClientSecret) }
            read = LoginSecrets(password: nil, clientSecret: clientSecret)
            let grant = try InteractiveLogin(context: context, profile: profile, options: options.browser).run(clientSecret: clientSecret)
            return (grant, LoginSecrets(password: nil, clientSecret: clientSecret))
        }
        let secrets: LoginSecrets
        if let read {
            secrets = read
        } else {
            secrets = try readSecrets(for: profile, options: options, previousClientSecret: reusableClientSecret)
        }
        read = secrets
        do {
            return (
                try context.broker.tokenServer(for: profile).logIn(password: secrets.password ?? "", clientSecret: secrets.clientSecret),
                secrets
            )
        } catch .malformedResponse(let message) where !profile.isOAuth2 && message.contains("HTTP 404") {
            throw whichServer(profile, otherwise: .malformedResponse(message))
        }
    }

    /// `login --dpop`: a new key for a new session (a bearer session is never upgraded in place),
    /// where the server can take ES256 proofs.
    private func bindToANewKey(_ profile: inout Profile, metadata: ServerMetadata?) throws(AuthError) {
        guard profile.isOAuth2 else {
            throw .usage(
                "DPoP (--dpop) needs a standard OAuth 2.0 server: give --issuer URL or --token-url URL; the seed API has no DPoP.")
        }
        if let algorithms = metadata?.dpopAlgorithms, !algorithms.isEmpty, !algorithms.contains("ES256") {
            throw .usage(
                """
                The server takes DPoP proofs signed with \(algorithms.joined(separator: ", ")) only (dpop_signing_alg_values_supported); \
                authhelper signs with ES256 (P-256). Nothing was sent.
                """
            )
        }
        profile.dpop = true
        profile.dpopKey = try DPoPKey.generate()
    }

    /// A password goes only to a login endpoint known to be one (#41): `--server`'s
    /// `/auth/jwt/login` where the server is no OAuth 2.0 issuer (the contract's API), or where it
    /// answers there, asked without a secret. An issuer without it gets the issuer's login line
    /// before any password is read or sent.
    private func requireTheSeedAPI(_ profile: Profile) throws(AuthError) {
        guard
            let metadata = try? context.broker.discovery(for: profile).discover(
                profile.server, allowInsecureHTTP: profile.allowInsecureHTTP),
            let seed = context.broker.tokenServer(for: profile) as? SeedServer, try !seed.hasLoginEndpoint()
        else { return }
        throw issuerLine(profile, metadata)
    }

    /// `--server` speaks the seed's `/auth/jwt/login` API; a URL without it that answers OAuth 2.0
    /// or OpenID Connect discovery is an issuer: say so, with the line to run.
    private func whichServer(_ profile: Profile, otherwise error: AuthError) -> AuthError {
        guard
            let metadata = try? context.broker.discovery(for: profile).discover(
                profile.server, allowInsecureHTTP: profile.allowInsecureHTTP)
        else { return error }
        return issuerLine(profile, metadata)
    }

    private func issuerLine(_ profile: Profile, _ metadata: ServerMetadata) -> AuthError {
        let others = [
            metadata.deviceAuthorizationEndpoint.map { _ in "--device" }, metadata.authorizationEndpoint.map { _ in "--browser" },
        ]
        .compactMap { $0 }
        return .usage(
            """
            \(profile.server) has no /auth/jwt/login (the API --server speaks), but it is an OAuth 2.0 / OpenID Connect issuer. Log \
            in with: authhelper login --issuer \(profile.server) --client-id CLIENT_ID\
            \(others.isEmpty ? "" : " (or add \(others.joined(separator: " or ")) to log in without a password)")
            """
        )
    }

    /// The session a login replaces, and where it was issued. Its client secret is offered again
    /// only to the token endpoint origin and client it belongs to; it is revoked only at its own
    /// server's revocation endpoint (the profile as it was), never at the new one.
    struct ReplacedSession {
        let session: StoredSession?
        let issuedBy: SessionBinding?
        let staysWithTheSameIssuer: Bool
        /// The profile whose endpoints are the session's own, to revoke it at: the profile as it
        /// was, or the new one when the issuer stays; nil when neither is known to be.
        let revocationProfile: Profile?

        init(_ session: StoredSession?, of existing: Profile?, replacedBy profile: Profile) {
            self.session = session
            let issuedBy = session?.binding ?? existing?.sessionBinding
            self.issuedBy = issuedBy
            self.staysWithTheSameIssuer = issuedBy == nil || issuedBy == profile.sessionBinding
            let asItWas = existing.flatMap { existing in issuedBy == existing.sessionBinding ? existing : nil }
            self.revocationProfile = asItWas ?? (staysWithTheSameIssuer ? profile : nil)
        }

        var reusableClientSecret: String? { staysWithTheSameIssuer ? session?.clientSecret : nil }
    }

    /// A login that re-points a profile at another issuer, token endpoint or client says so: the
    /// old session's secrets stay behind.
    private func tellIfRepointed(_ existing: Profile, to profile: Profile, replacing replaced: ReplacedSession) {
        let changed = [
            existing.issuer != profile.issuer ? "issuer" : nil,
            existing.sessionBinding.tokenOrigin != profile.sessionBinding.tokenOrigin ? "token endpoint" : nil,
            existing.clientID != profile.clientID ? "client ID" : nil,
        ].compactMap { $0 }
        guard !changed.isEmpty || !replaced.staysWithTheSameIssuer else { return }
        let was = replaced.issuedBy ?? existing.sessionBinding
        context.diagnostics.info(
            """
            Profile '\(profile.name)' changes its \(changed.isEmpty ? "token endpoint" : changed.joined(separator: ", ")): it now \
            logs in at \(profile.sessionBinding), no longer at \(was). The session and any client secret from there are not sent to \
            the new server.
            """
        )
    }

    /// What the person typed: a password (not with a browser login) and a client secret.
    struct LoginSecrets {
        let password: String?
        let clientSecret: String?
    }

    // MARK: Steps

    /// A new profile's server, asked at the terminal when no flag names one (the one place it is
    /// asked). A URL that answers OAuth 2.0 / OpenID Connect discovery is an issuer, not an API
    /// `--server` speaks to: without `--token-url`, the person is offered to log in to it as one
    /// (a client ID; empty keeps it a `--server`).
    private func askForTheServer(of name: String, existing: Profile?, options: LoginOptions) throws(AuthError) -> LoginOptions {
        guard options.server == nil, options.issuer == nil, existing == nil, context.prompter.isInteractive, !options.passwordFromStdin
        else { return options }
        var options = options
        let text = try context.prompter.ask("Server URL for profile '\(name)': ", secret: false)
        options.server = text
        guard options.tokenURL == nil else { return options }
        let url = try ServerURL(parsing: text)
        let probe = Profile(name: name, server: url, username: "", store: .auto)
        guard (try? context.broker.discovery(for: probe).discover(url, allowInsecureHTTP: probe.allowInsecureHTTP)) != nil else {
            return options
        }
        context.prompter.tell(
            """
            \(url) is an OAuth 2.0 / OpenID Connect issuer (its metadata answers); \
            authhelper can log in to it as `authhelper login --issuer \(url) --client-id CLIENT_ID` would.

            """)
        let clientID = try context.prompter.ask("Client ID to log in to the issuer with (empty: use it as a --server API): ", secret: false)
        if !clientID.isEmpty {
            (options.server, options.issuer, options.clientID) = (nil, text, clientID)
        }
        return options
    }

    /// The profile as this login will save it: server and username from the flags, the existing
    /// profile or the terminal; client ID and scope as given (empty clears them).
    /// One line when the grant is not what a newcomer might expect: a flag changed the one the
    /// profile recorded, or the recorded one is used without a flag saying so.
    private func tellTheGrant(_ grant: LoginGrant, of name: String, recorded: LoginGrant?, typed: Bool) {
        guard let recorded else { return }
        if typed, recorded != grant {
            context.diagnostics.info("profile '\(name)' logged in with \(recorded.phrase); as typed, it now logs in with \(grant.phrase).")
        } else if !typed, grant != .password {
            context.diagnostics.info(
                "profile '\(name)' logs in with \(grant.phrase), as it records (--username, --device or --browser choose another way).")
        }
    }

    private func settleProfile(_ name: String, existing: Profile?, options: LoginOptions) throws(AuthError) -> Profile {
        let mayAsk = context.prompter.isInteractive && !options.passwordFromStdin
        // Asked at the terminal already, where it could be (askForTheServer).
        guard let serverText = options.server ?? existing?.server.description ?? Self.origin(ofIssuer: options.issuer) else {
            throw .usage("No server for profile '\(name)': give --server URL.")
        }
        let server = try ServerURL(parsing: serverText)
        // --password-stdin and --username say "a password" even where the profile logged in
        // another way: the flags typed win over the grant the profile recorded (a browser login
        // started for `login --username alice` surprised a newcomer, #41).
        let saysPassword = options.passwordFromStdin || options.username != nil
        let grant = options.grant ?? (saysPassword ? .password : existing?.grant) ?? .password
        tellTheGrant(grant, of: name, recorded: existing?.grant, typed: options.grant != nil || saysPassword)
        let username: String
        if let given = options.username ?? (existing?.server == server ? existing?.username : nil) {
            username = given
        } else if grant.usesAuthorizationServer {
            // The browser proves who the person is; the name is only a label, so none is asked.
            username = ""
        } else if mayAsk {
            username = try context.prompter.ask("Username on \(server): ", secret: false)
        } else {
            throw .usage("No username for profile '\(name)': give --username NAME.")
        }
        if !(grant.usesAuthorizationServer && username.isEmpty) { try Profile.validateUsername(username) }

        // A new profile's store is chosen at login (`auto`) and recorded (proveStoreUsable).
        var profile = existing ?? Profile(name: name, server: server, username: username, store: .auto)
        profile.server = server
        profile.username = username
        profile.grant = grant
        if let port = options.redirectPort { profile.redirectPort = port }
        if let clientID = options.clientID { profile.clientID = clientID.isEmpty ? nil : clientID }
        if let scope = options.scope { profile.scope = scope.isEmpty ? nil : scope }
        if let method = options.clientAuth { profile.clientAuth = method }
        if !options.parameters.isEmpty { profile.parameters = options.parameters }
        if !options.resources.isEmpty { profile.resources = options.resources }
        if !options.registries.isEmpty { profile.registries = options.registries }
        if let caFile = options.caFile { profile.caFile = caFile }
        if context.environment["AUTHHELPER_STORE"] != nil { profile.store = try context.broker.storeKind(for: profile) }
        if options.rememberPassword { profile.rememberPassword = true }
        if options.forward { profile.forward = true }
        do {
            try profile.checkCredentialSettings()
            try profile.checkTokenDestinations()
        } catch {
            throw .usage(error.message)
        }
        return profile
    }

    /// Without `--server`, a profile logged in with `--issuer` is for the issuer's origin (its
    /// APIs usually live there, not under the issuer's path).
    static func origin(ofIssuer text: String?) -> String? {
        guard let text, let issuer = try? ServerURL(parsing: text) else { return nil }
        return "\(issuer.scheme)://\(issuer.host)\(issuer.port.map { ":\($0)" } ?? "")"
    }

    /// A standard OAuth 2.0 server's endpoints: discovered from `--issuer` (or the profile's
    /// issuer, again) and recorded; `--token-url` given explicitly wins over discovery. Returns
    /// what discovery found, if it ran.
    private func settleEndpoints(of profile: inout Profile, options: LoginOptions) throws(AuthError) -> ServerMetadata? {
        if let issuerText = options.issuer {
            profile.issuer = try ServerURL(parsing: issuerText)
        }
        var discovered: ServerMetadata?
        if let issuer = profile.issuer, options.issuer != nil || options.tokenURL == nil {
            let metadata = try context.broker.discovery(for: profile).discover(issuer, allowInsecureHTTP: profile.allowInsecureHTTP)
            context.diagnostics.debug(
                "discovered \(issuer): token endpoint \(metadata.tokenEndpoint), revocation \(metadata.revocationEndpoint?.text ?? "none")")
            profile.record(metadata)
            discovered = metadata
        }
        if let tokenURL = options.tokenURL {
            profile.tokenURL = try EndpointURL(parsing: tokenURL)
        }
        if let url = options.deviceAuthorizationURL { profile.deviceAuthorizationURL = try EndpointURL(parsing: url) }
        if let url = options.authorizationURL { profile.authorizationURL = try EndpointURL(parsing: url) }
        for url in [profile.tokenURL, profile.deviceAuthorizationURL, profile.authorizationURL].compactMap({ $0 }) {
            try url.origin.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)
        }
        do { try profile.checkEndpointSettings() } catch { throw .usage(error.message) }
        return discovered
    }

    /// After a login replaced a session, its refresh token is of no use to anyone: revoke it
    /// (best effort) at the server that issued it, as the profile was then; when that is not
    /// known, not at all.
    private func revoke(_ replaced: ReplacedSession, by grant: TokenGrant) {
        guard let previous = replaced.session, let old = previous.refreshToken, old != grant.refreshToken else { return }
        guard let ownProfile = replaced.revocationProfile else {
            context.diagnostics.debug("the replaced session's server is not known any more: it was not revoked")
            return
        }
        let server = context.broker.tokenServer(for: ownProfile)
        guard server.canRevoke else { return }
        let revoked = server.revoke(StoredSession(refreshToken: old, clientSecret: previous.clientSecret))
        context.diagnostics.debug(
            """
            the replaced session's \
            \(revoked.isEmpty ? "refresh token could not be revoked" : revoked.joined(separator: " and ") + " was revoked")
            """
        )
    }

    /// Proves the store usable before a password is spent on a session that could not be kept,
    /// and reads what it holds (a client secret given at an earlier login is kept).
    private func proveStoreUsable(for profile: inout Profile) throws(AuthError) -> (any SecretStore, StoredSession?) {
        if profile.store == .auto { profile.store = chooseStore(for: profile) }
        let store = try context.broker.store(for: profile)
        let previous = try store.probe()
        if profile.store == .file {
            context.diagnostics.warning(
                """
                profile '\(profile.name)' keeps its refresh token unencrypted in \(context.paths.secretFile(profile: profile.name)) \
                (store = \"file\"); anyone who can read your files can use it.
                """
            )
        }
        return (store, previous)
    }

    /// `auto`: the Secret Service when one answers (a locked one too: it is never passed over),
    /// else the kernel keyring, said in one line.
    private func chooseStore(for profile: Profile) -> StoreKind {
        guard StoreSelection.chooseKind(for: profile) == .kernel else { return .keyring }
        context.diagnostics.info(
            """
            No Secret Service answers here: the session is kept in the kernel keyring (it survives logging out, not a reboot: log in \
            once per boot on this machine).
            """
        )
        return .kernel
    }

    /// At a terminal, after a refusal a scope could fix: the scopes to ask for, from those the
    /// server lists (`openid` offered where it is listed, else the first).
    private func askForScopes(_ listed: [String], after refusal: AuthError) throws(AuthError) -> String {
        let offered = listed.contains("openid") ? "openid" : listed[0]
        context.tell(
            "The server refused a login without a scope; it lists the scopes \(listed.map { printable($0) }.joined(separator: " ")).\n")
        let answer = try context.prompter.ask("Scopes to ask for [\(printable(offered))]: ", secret: false).trimmingSpaceAndNewlines
        let scope = answer.isEmpty ? offered : answer
        guard scope.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") || $0 == 0x20 }) else {
            throw .usage("'\(printable(scope))' is no list of scopes: give scope names separated by spaces. Nothing was stored.")
        }
        context.diagnostics.debug("trying the login once more with --scope '\(scope)' (\(refusal.message.prefix(60))…)")
        return scope
    }

    /// The password (and a client secret when asked for), from stdin or the terminal.
    private func readSecrets(for profile: Profile, options: LoginOptions, previousClientSecret: String?) throws(AuthError) -> LoginSecrets {
        let password: String
        var clientSecret = previousClientSecret
        if options.passwordFromStdin {
            guard let line = context.input.readLine() else {
                throw .usage("--password-stdin was given, but standard input is empty.")
            }
            password = line
            if options.withClientSecret {
                guard let secretLine = context.input.readLine() else {
                    throw .usage(
                        "--with-client-secret with --password-stdin expects the client secret on the second line of standard input.")
                }
                clientSecret = secretLine
            }
        } else {
            password = try context.askPassword(for: profile)
            if options.withClientSecret {
                clientSecret = try context.prompter.ask("Client secret: ", secret: true)
            }
        }
        guard !password.isEmpty else { throw .usage("The password is empty; nothing was sent.") }
        return LoginSecrets(password: password, clientSecret: clientSecret?.isEmpty == true ? nil : clientSecret)
    }

    /// A browser login asks for no password; a confidential client's secret is asked on the
    /// terminal with `--with-client-secret`, else the one kept from an earlier login is used.
    private func readClientSecret(options: LoginOptions, previous: String?) throws(AuthError) -> String? {
        guard options.withClientSecret else { return previous }
        let secret = try context.prompter.ask("Client secret: ", secret: true)
        return secret.isEmpty ? nil : secret
    }

    /// Stores the session, then the profile (no secrets) and the runtime cache. A re-login to
    /// another server or as another user, or into another store, removes the old session, which
    /// would be left behind.
    private func keep(
        _ grant: TokenGrant, secrets: LoginSecrets, registration: String?, profile: Profile, replacing existing: Profile?,
        store: any SecretStore, config: inout Config
    ) throws(AuthError) {
        var session = StoredSession(
            grant: grant, clientSecret: secrets.clientSecret, binding: profile.sessionBinding,
            password: profile.rememberPassword ? secrets.password : nil, dpopKey: profile.dpopKey)
        session.registrationAccessToken = registration
        try store.save(session)
        if let existing, existing.server != profile.server || existing.username != profile.username {
            _ = try? context.broker.store(for: existing).delete()
        }
        // A session the profile left in another store (a keyring login before this one into the
        // kernel store, as the no-D-Bus message advises) would outlive this login and its logout.
        for leftover in AccountService(context: context).sweepOtherStores(of: existing ?? profile, besides: store, local: false) {
            context.diagnostics.info(leftover.said(profile: profile.name))
        }
        if config.defaultProfile == nil && config.profiles.isEmpty { config.defaultProfile = profile.name }
        config.upsert(profile)
        let written = try ConfigFile.save(config, to: context.paths.configFile)
        context.broker.keepInCache(CachedToken(grant), profile: profile, configFingerprint: written)
    }
}
