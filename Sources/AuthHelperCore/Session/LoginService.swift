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
        let prompter = context.prompter

        let serverText: String
        if let server = options.server ?? existing?.server.description {
            serverText = server
        } else if prompter.isInteractive && !options.passwordFromStdin {
            serverText = try prompter.ask("Server URL for profile '\(name)': ", secret: false)
        } else {
            throw .usage("No server for profile '\(name)': give --server URL.")
        }
        let server = try ServerURL(parsing: serverText)
        let username: String
        if let given = options.username ?? (existing?.server == server ? existing?.username : nil) {
            username = given
        } else if prompter.isInteractive && !options.passwordFromStdin {
            username = try prompter.ask("Username on \(server): ", secret: false)
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
        // Refused before any network use: a plain-http password must never leave the machine.
        try server.checkTransport(allowInsecureHTTP: profile.allowInsecureHTTP)

        // Prove the store usable before a password is spent on a session that could not be kept.
        let store = try context.store(for: profile)
        // A client secret given at an earlier login is kept unless a new one is given.
        let previous = try store.probe()
        if profile.store == .file {
            context.diagnostics.warning("profile '\(name)' keeps its refresh token unencrypted in \(context.paths.secretFile(profile: name)) (store = \"file\"); anyone who can read your files can use it.")
        }

        let password: String
        var clientSecret: String? = previous?.clientSecret
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
            password = try prompter.ask("Password for \(username) on \(server): ", secret: true)
            if options.withClientSecret {
                clientSecret = try prompter.ask("Client secret: ", secret: true)
            }
        }
        guard !password.isEmpty else { throw .usage("The password is empty; nothing was sent.") }
        if let secret = clientSecret, secret.isEmpty { clientSecret = nil }

        let grant = try context.authClient(for: profile)
            .login(password: password, clientSecret: clientSecret)

        try store.save(StoredSession(grant: grant, clientSecret: clientSecret))
        // A re-login to another server or as another user leaves the old item behind otherwise.
        if let existing, existing.server != profile.server || existing.username != profile.username {
            _ = try? context.store(for: existing).delete()
        }
        if config.defaultProfile == nil && config.profiles.isEmpty { config.defaultProfile = name }
        config.upsert(profile)
        try ConfigFile.save(config, to: context.paths.configFile)

        let fingerprint = context.configFingerprint
        if context.cacheEnabled(for: profile) {
            do {
                try context.runtimeCache.write(
                    profile: name, token: CachedToken(grant),
                    configFingerprint: fingerprint)
            } catch {
                context.diagnostics.debug("runtime cache not written: \(error.message)")
            }
        } else {
            try? context.runtimeCache.remove(profile: name)
        }
        return Outcome(profile: profile, storeLocation: store.location)
    }
}
