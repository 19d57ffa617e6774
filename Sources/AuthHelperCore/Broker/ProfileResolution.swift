/// Which profile a call acts on: the config (and a forwarded agent's profile where this machine
/// has none), the selected name, the configured profile or what to run. The policy the broker
/// and its engine ask, on the context that carries the call.
extension CredentialBroker {
    public func loadConfig() throws(AuthError) -> Config {
        context.diagnostics.debug("config: \(context.paths.configFile)")
        return try ConfigFile.load(context.paths.configFile, diagnostics: context.diagnostics)
    }

    /// The config, and — where the selected profile is not in it and a forwarded agent is there —
    /// that profile as the agent describes it (its tokens then come from the agent). For the
    /// commands that hand out tokens; login and logout work on this machine's config only.
    public func loadConfigWithForwardedProfile() throws(AuthError) -> Config {
        var config = try loadConfig()
        guard context.asksForwardedAgent else { return config }
        let name = try profileName(in: config)
        // Looked for only when the profile is not this machine's (`AUTHHELPER_AGENT`, else a
        // socket at the default path).
        guard config.profile(named: name) == nil,
            let agentSocket = AgentClient.socket(environment: context.environment, paths: context.paths)
        else {
            return config
        }
        let forwarded = try AgentClient(socketPath: agentSocket, diagnostics: context.diagnostics).describe(
            profile: profileChosenExplicitly ? name : nil)
        // A profile this machine has is always this machine's: the laptop's default never stands
        // in for it (its token would go to this profile's server, this profile's to the agent).
        guard config.profile(named: forwarded.name) == nil else {
            throw .configuration(
                """
                The laptop's default profile is '\(forwarded.name)', and this machine has a profile of that name in \
                \(context.paths.configFile); authhelper never lets one stand in for the other. Name the profile you mean: \
                `--profile \(forwarded.name)` is this machine's; or set default_profile in this machine's config.
                """
            )
        }
        config.upsert(forwarded)
        if !profileChosenExplicitly { config.defaultProfile = forwarded.name }
        return config
    }

    /// The selected profile's name (see ProfileSelection), checked.
    public func profileName(in config: Config) throws(AuthError) -> String {
        let name = ProfileSelection.name(flag: context.profileFlag, environment: context.environment, configDefault: config.defaultProfile)
        try Profile.validateName(name)
        return name
    }

    /// Whether the profile was chosen explicitly (flag or environment), so advice repeats `--profile`.
    public var profileChosenExplicitly: Bool { ProfileSelection.isExplicit(flag: context.profileFlag, environment: context.environment) }

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
                    default_profile = "\(printable(chosen))" in \(context.paths.configFile) names no profile; its profiles are \
                    \(names.map { "'\($0)'" }.joined(separator: ", ")).\(hint) Correct default_profile, or give --profile NAME.
                    """)
            }
            let flag = name == config.effectiveDefaultProfile ? "" : " --profile \(name)"
            throw .notPermitted(
                "Not logged in: there is no profile '\(name)' in \(context.paths.configFile). Run `authhelper login\(flag)`.")
        }
        return profile
    }
}
