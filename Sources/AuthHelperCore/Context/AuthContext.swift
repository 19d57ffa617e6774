/// Everything a command needs from the outside world, built once from flags and environment, in
/// swiftly's shape: the environment, paths, standard streams, the prompter, the clock and the
/// injected outside world (stores, transports, curl), and who may be asked. No policy: what is
/// decided with it is the broker's (`broker`), in the room of what it decides — which profile
/// (Broker/ProfileResolution), which store (Storage/StoreChoice), the cache and the lock wait
/// (Refresh/CachePolicy), which server (Servers/ServerFactory). Commands hand it to the core;
/// tests build one with their own world.
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

    public var clock: any TimeSource { world.clock }

    /// The broker that decides with this context (which profile, which store, the cache, which
    /// server).
    public var broker: CredentialBroker { CredentialBroker(context: self) }

    /// The profile's password, asked at the terminal.
    func askPassword(for profile: Profile) throws(AuthError) -> String {
        try prompter.ask("Password for \(profile.username) on \(profile.server): ", secret: true)
    }
}
