/// Everything a command needs from the outside world, built once from flags and environment.
/// Commands hand it to the services; tests build one with their own environment.
public struct AuthContext: Sendable {
    public let environment: ProcessEnvironment
    public let paths: Paths
    public let diagnostics: Diagnostics
    /// `--profile`, if given.
    public internal(set) var profileFlag: String?
    public let prompter: any Prompter
    /// Standard input (a password with --password-stdin, git's request).
    public let input: any StandardInput
    /// `--timeout`: seconds for a whole request, over the profile's `timeout`.
    public let timeoutOverride: Int?
    /// False with `--no-prompt` or `AUTHHELPER_NO_PROMPT=1` (and for callers that say no one is
    /// there, such as kubectl with `interactive: false`).
    public internal(set) var promptAllowed: Bool
    /// Store, transport and clock (see OutsideWorld).
    public let world: OutsideWorld
    /// Whoever runs authhelper shows its stderr to the person and wants instructions there
    /// (kubectl with `interactive: true`): a device login may run without a terminal.
    public let noticesOnStderr: Bool
    /// Whether a forwarded `authhelper agent` may be asked for the profiles this machine has not
    /// got; false inside the agent itself.
    public internal(set) var asksForwardedAgent = true

    public init(
        environment: ProcessEnvironment, configFlag: String?, profileFlag: String?,
        verbose: Bool, timeoutOverride: Int? = nil, promptAllowed: Bool = true,
        prompter: any Prompter = TerminalPrompter(), input: any StandardInput = ProcessStandardInput(), world: OutsideWorld = .system,
        noticesOnStderr: Bool = false, stderr: any MessageSink = StandardErrorSink()
    ) {
        self.noticesOnStderr = noticesOnStderr
        self.world = world
        self.timeoutOverride = timeoutOverride
        self.promptAllowed = promptAllowed && !environment.flag("AUTHHELPER_NO_PROMPT")
        self.environment = environment
        self.paths = Paths(environment: environment, configOverride: configFlag)
        self.diagnostics = Diagnostics(verbose: verbose, sink: stderr)
        self.profileFlag = profileFlag
        self.prompter = prompter
        self.input = input
    }

    /// This context acting on the profile `name` (as `--profile name` would).
    public func selecting(_ name: String) -> AuthContext {
        var context = self
        context.profileFlag = name
        return context
    }

    /// This context where nobody may be asked anything.
    public var withoutPrompts: AuthContext {
        var context = self
        context.promptAllowed = false
        return context
    }

    /// This context as the agent serves requests with it: it never asks an agent itself.
    public var servingAgentRequests: AuthContext {
        var context = self
        context.asksForwardedAgent = false
        // Nobody at the laptop's terminal is asked for a remote's request: a prompt there would
        // hold the profile's lock while the remote times out.
        context.promptAllowed = false
        return context
    }

    /// Whether a person can be asked something now: prompting is allowed and a terminal is
    /// attached. Decides the re-login prompt and the keyring's unlock dialog alike.
    public var mayPrompt: Bool { promptAllowed && prompter.isInteractive }

    /// Whether a session that has ended may be renewed now with `grant`: a password or a browser
    /// login needs the terminal; a device login only someone who sees its instructions.
    public func mayLogInAgain(with grant: LoginGrant) -> Bool {
        switch grant {
        case .password, .browser: mayPrompt
        case .device: promptAllowed && (noticesOnStderr || prompter.isInteractive)
        }
    }

    /// Shows the person what to do next (see Prompter.tell), on stderr when the caller asked.
    public func tell(_ text: String) {
        if noticesOnStderr { diagnostics.write(text) } else { prompter.tell(text) }
    }

    public func loadConfig() throws(AuthError) -> Config {
        diagnostics.debug("config: \(paths.configFile)")
        return try ConfigFile.load(paths.configFile, diagnostics: diagnostics)
    }

    /// The config, and — where the selected profile is not in it and a forwarded agent is there —
    /// that profile as the agent describes it (its tokens then come from the agent). For the
    /// commands that hand out tokens; login and logout work on this machine's config only.
    public func loadConfigWithForwardedProfile() throws(AuthError) -> Config {
        var config = try loadConfig()
        guard asksForwardedAgent else { return config }
        let name = try profileName(in: config)
        // Looked for only when the profile is not this machine's (`AUTHHELPER_AGENT`, else a
        // socket at the default path).
        guard config.profile(named: name) == nil, let agentSocket = AgentClient.socket(environment: environment, paths: paths) else {
            return config
        }
        let forwarded = try AgentClient(socketPath: agentSocket, diagnostics: diagnostics).describe(
            profile: profileChosenExplicitly ? name : nil)
        // A profile this machine has is always this machine's: the laptop's default never stands
        // in for it (its token would go to this profile's server, this profile's to the agent).
        guard config.profile(named: forwarded.name) == nil else {
            throw .configuration(
                """
                The laptop's default profile is '\(forwarded.name)', and this machine has a profile of that name in \
                \(paths.configFile); authhelper never lets one stand in for the other. Name the profile you mean: \
                `--profile \(forwarded.name)` is this machine's; or set default_profile in this machine's config.
                """
            )
        }
        config.upsert(forwarded)
        if !profileChosenExplicitly { config.defaultProfile = forwarded.name }
        return config
    }

    public var clock: any TimeSource { world.clock }

    /// The selected profile's name (see ProfileSelection), checked.
    public func profileName(in config: Config) throws(AuthError) -> String {
        let name = ProfileSelection.name(flag: profileFlag, environment: environment, configDefault: config.defaultProfile)
        try Profile.validateName(name)
        return name
    }

    /// Whether the profile was chosen explicitly (flag or environment), so advice repeats `--profile`.
    public var profileChosenExplicitly: Bool { ProfileSelection.isExplicit(flag: profileFlag, environment: environment) }

    /// The configured profile, or 77 with what to run.
    public func requireProfile(in config: Config) throws(AuthError) -> Profile {
        let name = try profileName(in: config)
        guard let profile = config.profile(named: name) else {
            // default_profile naming no profile is a typo in the config, not a login to run: that
            // login would create a profile of the misspelt name.
            if !profileChosenExplicitly, let chosen = config.defaultProfile, !config.profiles.isEmpty {
                let names = config.profiles.map(\.name)
                let hint = NearestWord.nearest(to: chosen, in: names).map { " Did you mean '\($0)'?" } ?? ""
                throw .configuration(
                    """
                    default_profile = "\(printable(chosen))" in \(paths.configFile) names no profile; its profiles are \
                    \(names.map { "'\($0)'" }.joined(separator: ", ")).\(hint) Correct default_profile, or give --profile NAME.
                    """)
            }
            let flag = name == config.effectiveDefaultProfile ? "" : " --profile \(name)"
            throw .notPermitted("Not logged in: there is no profile '\(name)' in \(paths.configFile). Run `authhelper login\(flag)`.")
        }
        return profile
    }

    /// The store a profile uses; `AUTHHELPER_STORE=file` opts in for this process.
    public func storeKind(for profile: Profile) throws(AuthError) -> StoreKind {
        guard let override = environment["AUTHHELPER_STORE"] else { return profile.store }
        guard let kind = StoreKind(rawValue: override) else {
            throw .usage("AUTHHELPER_STORE is '\(printable(override))'; it must be 'keyring', 'kernel', 'file' or 'auto'.")
        }
        return kind
    }

    public func store(for profile: Profile) throws(AuthError) -> any SecretStore {
        world.makeStore(profile, try storeKind(for: profile), paths, mayPrompt)
    }

    /// The runtime cache is used unless the profile or `AUTHHELPER_NO_CACHE` turns it off, or
    /// there is no `$XDG_RUNTIME_DIR`.
    public func cacheEnabled(for profile: Profile) -> Bool {
        profile.cache && !RuntimeCache.isDisabled(by: environment) && paths.runtimeDirectory != nil
    }

    public var runtimeCache: RuntimeCache { RuntimeCache(paths: paths) }

    /// Puts a new token in the runtime cache, best effort: the store holds the truth, the cache
    /// is an optimisation, so a failure is only told with --verbose. With the cache off for the
    /// profile, an older entry goes.
    func keepInCache(_ token: CachedToken, profile: Profile, configFingerprint: String, audience: Audience = .profileDefault) {
        guard cacheEnabled(for: profile) else {
            try? runtimeCache.remove(profile: profile.cacheName)
            return
        }
        do {
            try runtimeCache.write(profile: profile.cacheName, token: token, configFingerprint: configFingerprint, audience: audience)
        } catch {
            diagnostics.debug("runtime cache not written: \(error.message)")
        }
    }

    /// The profile's password, asked at the terminal.
    func askPassword(for profile: Profile) throws(AuthError) -> String {
        try prompter.ask("Password for \(profile.username) on \(profile.server): ", secret: true)
    }

    /// How long a process waits for another's refresh: one request's time and a margin for the
    /// keyring. A waiter that gives up exits 75 and changes nothing; flock itself is never stale.
    public func lockWait(for profile: Profile) -> Int { (timeoutOverride ?? profile.timeout) + 10 }

    /// The server a profile speaks to: standard OAuth 2.0 when it names a token endpoint, else
    /// the seed's endpoints. `--timeout` applies to every request. `rediscovery`: where an OAuth
    /// 2.0 server's rediscovered endpoints are kept for the caller to record.
    public func tokenServer(for profile: Profile) -> any TokenServer { tokenServer(for: profile, rediscovery: nil) }

    /// `courier`: a refresh's, whose requests go through a process that outlives this one
    /// (RefreshCourier).
    func tokenServer(for profile: Profile, rediscovery: IssuerRediscovery?, courier: CourierTicket? = nil) -> any TokenServer {
        let transport = transport(for: profile, courier: courier)
        if let server = oauth2Server(for: profile, rediscovery: rediscovery, transport: transport) { return server }
        return SeedServer(profile: profile, diagnostics: diagnostics, transport: transport, clock: clock)
    }

    /// The profile's standard OAuth 2.0 server, or nil for the seed's endpoints.
    public func oauth2Server(for profile: Profile) -> OAuth2Server? { oauth2Server(for: profile, rediscovery: nil) }

    func oauth2Server(for profile: Profile, rediscovery: IssuerRediscovery?, transport: (any HTTPTransport)? = nil) -> OAuth2Server? {
        guard let tokenURL = profile.tokenURL else { return nil }
        var server = OAuth2Server(
            profile: profile, tokenURL: tokenURL, diagnostics: diagnostics, transport: transport ?? self.transport(for: profile),
            clock: clock,
            rediscovery: rediscovery ?? self.rediscovery(for: profile))
        server.nonces = DPoPNonceMemory(paths: paths)
        return server
    }

    /// A rediscovery for `profile` whose findings the caller records (nil without an issuer).
    func rediscovery(for profile: Profile) -> IssuerRediscovery? {
        profile.issuer.map { IssuerRediscovery(context: self, issuer: $0, profile: profile) }
    }

    /// Records endpoints an issuer named anew in the profile, best effort (the config may be
    /// read-only): the next call goes there at once.
    func record(_ metadata: ServerMetadata, in profile: Profile) {
        record("the rediscovered endpoints", in: profile) { $0.record(metadata) }
    }

    /// Records what a call learnt about `profile` (`change`), best effort: the config may be
    /// read-only, and the call's own answer does not depend on it.
    func record(_ what: String, in profile: Profile, _ change: (inout Profile) -> Void) {
        do {
            var config = try ConfigFile.load(paths.configFile, diagnostics: nil)
            guard var recorded = config.profile(named: profile.name) else { return }
            change(&recorded)
            config.upsert(recorded)
            try ConfigFile.save(config, to: paths.configFile)
        } catch {
            diagnostics.debug("\(what) were not recorded: \(error.message)")
        }
    }

    /// Discovery of an issuer's metadata, with the profile's timeout and CA file.
    public func discovery(for profile: Profile) -> Discovery {
        Discovery(transport: transport(for: profile), diagnostics: diagnostics)
    }

    private func transport(for profile: Profile, courier: CourierTicket? = nil) -> any HTTPTransport {
        let options = HTTPOptions(timeout: timeoutOverride ?? profile.timeout, caFile: profile.caFile)
        guard let courier, let makeCourier = world.makeCourierTransport else { return world.makeTransport(options) }
        return makeCourier(options, courier)
    }
}
