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

    public init(
        server: String? = nil, username: String? = nil, clientID: String? = nil, scope: String? = nil,
        passwordFromStdin: Bool = false, withClientSecret: Bool = false
    ) {
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
    }

    public func login(_ options: LoginOptions) throws(AuthError) -> Outcome {
        var config = try context.loadConfig()
        let name = try context.profileName(in: config)
        let existing = config.profile(named: name)
        let profile = try settleProfile(name, existing: existing, options: options)
        // Refused before any network use: a plain-http password must never leave the machine.
        try profile.server.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)
        let (store, previous) = try proveStoreUsable(for: profile)
        let secrets = try readSecrets(for: profile, options: options, previousClientSecret: previous?.clientSecret)
        let grant = try context.authClient(for: profile).login(password: secrets.password, clientSecret: secrets.clientSecret)
        try keep(grant, clientSecret: secrets.clientSecret, profile: profile, replacing: existing, store: store, config: &config)
        return Outcome(profile: profile, storeLocation: store.location)
    }

    // MARK: Steps

    /// The profile as this login will save it: server and username from the flags, the existing
    /// profile or the terminal; client ID and scope as given (empty clears them).
    private func settleProfile(_ name: String, existing: Profile?, options: LoginOptions) throws(AuthError) -> Profile {
        let mayAsk = context.prompter.isInteractive && !options.passwordFromStdin
        let serverText: String
        if let server = options.server ?? existing?.server.description {
            serverText = server
        } else if mayAsk {
            serverText = try context.prompter.ask("Server URL for profile '\(name)': ", secret: false)
        } else {
            throw .usage("No server for profile '\(name)': give --server URL.")
        }
        let server = try ServerURL(parsing: serverText)
        let username: String
        if let given = options.username ?? (existing?.server == server ? existing?.username : nil) {
            username = given
        } else if mayAsk {
            username = try context.prompter.ask("Username on \(server): ", secret: false)
        } else {
            throw .usage("No username for profile '\(name)': give --username NAME.")
        }
        try Profile.validateUsername(username)

        var profile = existing ?? Profile(name: name, server: server, username: username)
        profile.server = server
        profile.username = username
        if let clientID = options.clientID { profile.clientID = clientID.isEmpty ? nil : clientID }
        if let scope = options.scope { profile.scope = scope.isEmpty ? nil : scope }
        if context.environment["AUTHHELPER_STORE"] != nil { profile.store = try context.storeKind(for: profile) }
        return profile
    }

    /// Proves the store usable before a password is spent on a session that could not be kept,
    /// and reads what it holds (a client secret given at an earlier login is kept).
    private func proveStoreUsable(for profile: Profile) throws(AuthError) -> (any SecretStore, StoredSession?) {
        let store = try context.store(for: profile)
        let previous = try store.probe()
        if profile.store == .file {
            context.diagnostics.warning("profile '\(profile.name)' keeps its refresh token unencrypted in \(context.paths.secretFile(profile: profile.name)) (store = \"file\"); anyone who can read your files can use it.")
        }
        return (store, previous)
    }

    /// The password (and a client secret when asked for), from stdin or the terminal.
    private func readSecrets(for profile: Profile, options: LoginOptions, previousClientSecret: String?) throws(AuthError) -> (password: String, clientSecret: String?) {
        let password: String
        var clientSecret = previousClientSecret
        if options.passwordFromStdin {
            guard let line = LineReader.readLine(fd: STDIN_FILENO) else {
                throw .usage("--password-stdin was given, but standard input is empty.")
            }
            password = line
            if options.withClientSecret {
                guard let secretLine = LineReader.readLine(fd: STDIN_FILENO) else {
                    throw .usage("--with-client-secret with --password-stdin expects the client secret on the second line of standard input.")
                }
                clientSecret = secretLine
            }
        } else {
            password = try context.prompter.ask("Password for \(profile.username) on \(profile.server): ", secret: true)
            if options.withClientSecret {
                clientSecret = try context.prompter.ask("Client secret: ", secret: true)
            }
        }
        guard !password.isEmpty else { throw .usage("The password is empty; nothing was sent.") }
        return (password, clientSecret?.isEmpty == true ? nil : clientSecret)
    }

    /// Stores the session, then the profile (no secrets) and the runtime cache. A re-login to
    /// another server or as another user removes the old item, which would be left behind.
    private func keep(
        _ grant: TokenGrant, clientSecret: String?, profile: Profile, replacing existing: Profile?,
        store: any SecretStore, config: inout Config
    ) throws(AuthError) {
        try store.save(StoredSession(grant: grant, clientSecret: clientSecret))
        if let existing, existing.server != profile.server || existing.username != profile.username {
            _ = try? context.store(for: existing).delete()
        }
        if config.defaultProfile == nil && config.profiles.isEmpty { config.defaultProfile = profile.name }
        config.upsert(profile)
        try ConfigFile.save(config, to: context.paths.configFile)
        writeCache(grant, profile: profile)
    }

    private func writeCache(_ grant: TokenGrant, profile: Profile) {
        guard context.cacheEnabled(for: profile) else {
            try? context.runtimeCache.remove(profile: profile.name)
            return
        }
        do {
            try context.runtimeCache.write(profile: profile.name, token: CachedToken(grant), configFingerprint: context.configFingerprint)
        } catch {
            context.diagnostics.debug("runtime cache not written: \(error.message)")
        }
    }
}
