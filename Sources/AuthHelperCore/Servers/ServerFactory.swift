/// The server a profile speaks to, built with the context's transport (or a refresh's courier),
/// diagnostics and clock; what an issuer's rediscovery finds, recorded in the profile.
extension CredentialBroker {
    /// The server a profile speaks to: standard OAuth 2.0 when it names a token endpoint, else
    /// the seed's endpoints. `--timeout` applies to every request. `rediscovery`: where an OAuth
    /// 2.0 server's rediscovered endpoints are kept for the caller to record.
    public func tokenServer(for profile: Profile) -> any TokenServer { tokenServer(for: profile, rediscovery: nil) }

    /// `courier`: a refresh's, whose requests go through a process that outlives this one
    /// (RefreshCourier).
    func tokenServer(for profile: Profile, rediscovery: IssuerRediscovery?, courier: CourierTicket? = nil) -> any TokenServer {
        let transport = transport(for: profile, courier: courier)
        if let server = oauth2Server(for: profile, rediscovery: rediscovery, transport: transport) { return server }
        return SeedServer(profile: profile, diagnostics: context.diagnostics, transport: transport, clock: context.clock)
    }

    /// The profile's standard OAuth 2.0 server, or nil for the seed's endpoints.
    public func oauth2Server(for profile: Profile) -> OAuth2Server? { oauth2Server(for: profile, rediscovery: nil) }

    func oauth2Server(for profile: Profile, rediscovery: IssuerRediscovery?, transport: (any HTTPTransport)? = nil) -> OAuth2Server? {
        guard let tokenURL = profile.tokenURL else { return nil }
        var server = OAuth2Server(
            profile: profile, tokenURL: tokenURL, diagnostics: context.diagnostics, transport: transport ?? self.transport(for: profile),
            clock: context.clock,
            rediscovery: rediscovery ?? self.rediscovery(for: profile))
        server.nonces = DPoPNonceMemory(paths: context.paths)
        return server
    }

    /// A rediscovery for `profile` whose findings the caller records (nil without an issuer).
    func rediscovery(for profile: Profile) -> IssuerRediscovery? {
        profile.issuer.map { IssuerRediscovery(context: context, issuer: $0, profile: profile) }
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
            var config = try ConfigFile.load(context.paths.configFile, diagnostics: nil)
            guard var recorded = config.profile(named: profile.name) else { return }
            change(&recorded)
            config.upsert(recorded)
            try ConfigFile.save(config, to: context.paths.configFile)
        } catch {
            context.diagnostics.debug("\(what) were not recorded: \(error.message)")
        }
    }

    /// Discovery of an issuer's metadata, with the profile's timeout and CA file.
    public func discovery(for profile: Profile) -> Discovery {
        Discovery(transport: transport(for: profile), diagnostics: context.diagnostics)
    }

    private func transport(for profile: Profile, courier: CourierTicket? = nil) -> any HTTPTransport {
        let options = HTTPOptions(timeout: context.timeoutOverride ?? profile.timeout, caFile: profile.caFile)
        guard let courier, let makeCourier = context.world.makeCourierTransport else { return context.world.makeTransport(options) }
        return makeCourier(options, courier)
    }
}
