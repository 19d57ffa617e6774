/// The outside world the services act on: where a profile's secrets are kept, how a request
/// reaches a server, what time it is, which curl runs. The context hands them to the services, which never build
/// one themselves; the tool uses the real ones (`system`), unit tests their own in-memory store,
/// scripted transport and fixed clock, so every branch of the refresh discipline runs in
/// milliseconds without a keyring or a network.
public struct OutsideWorld: Sendable {
    /// The secret store for a profile, once its kind is settled.
    public var makeStore: @Sendable (_ profile: Profile, _ kind: StoreKind, _ paths: Paths, _ mayPrompt: Bool) -> any SecretStore
    /// The transport for requests with these options (timeout, CA file).
    public var makeTransport: @Sendable (HTTPOptions) -> any HTTPTransport
    /// The transport of a refresh (CourierTransport: through a process that outlives this one);
    /// nil: `makeTransport`'s.
    public var makeCourierTransport: (@Sendable (HTTPOptions, CourierTicket) -> any HTTPTransport)?
    public var clock: any TimeSource
    /// The curl that `authhelper curl` runs, given the environment (PATH) and a private folder.
    public var makeCurlRunner: @Sendable (_ environment: ProcessEnvironment, _ folder: RuntimeFolder) -> any CurlRunning
    /// Where a refresh keeps the rotated pair until the store has it (RefreshJournal).
    public var makeJournal: @Sendable (_ profile: Profile) -> any RefreshJournaling

    public init(
        makeStore: @escaping @Sendable (Profile, StoreKind, Paths, Bool) -> any SecretStore,
        makeTransport: @escaping @Sendable (HTTPOptions) -> any HTTPTransport,
        clock: any TimeSource,
        makeCurlRunner: @escaping @Sendable (ProcessEnvironment, RuntimeFolder) -> any CurlRunning = {
            CurlRunner(environment: $0, folder: $1)
        },
        makeJournal: @escaping @Sendable (Profile) -> any RefreshJournaling = { RefreshJournal(profile: $0) },
        makeCourierTransport: (@Sendable (HTTPOptions, CourierTicket) -> any HTTPTransport)? = nil
    ) {
        self.makeStore = makeStore
        self.makeTransport = makeTransport
        self.clock = clock
        self.makeCurlRunner = makeCurlRunner
        self.makeJournal = makeJournal
        self.makeCourierTransport = makeCourierTransport
    }

    /// libsecret or the opted-in file, libcurl, the wall clock.
    public static let system = OutsideWorld(
        makeStore: { profile, kind, paths, mayPrompt in
            switch kind {
            case .keyring: SecretServiceStore(profile: profile, mayPrompt: mayPrompt)
            case .file: FileSecretStore(profile: profile, paths: paths)
            case .kernel: KernelKeyringStore(profile: profile, paths: paths)
            case .auto: StoreSelection.choose(for: profile, paths: paths, mayPrompt: mayPrompt)
            }
        },
        makeTransport: { options in HTTPClient(options: options) },
        clock: SystemTime(),
        makeCourierTransport: { options, ticket in CourierTransport(options: options, ticket: ticket, direct: HTTPClient(options: options))
        })
}
