/// Which profile answers for a container registry, and which of its tokens the registry gets:
/// the claim as the config writes it (its scheme, not the request's, decides), and a profile's
/// resource on that origin where it has one. A registry two profiles claim is a configuration
/// error found when the config is read (Config.registryClaimedTwice).
public struct RegistryClaim: Sendable {
    public let profile: Profile
    /// The registry as the profile's `registries` writes it.
    public let registry: RegistryName
    /// The profile's resource on the registry's origin, whose token the registry gets instead.
    public let resource: String?

    /// The audience of the token the registry gets.
    public var audience: Audience { Profile.audience(of: resource) }

    /// The claim on `registry` in `config`, or nil when no profile claims it. A request in plain
    /// http for a registry the config does not speak plain http to is refused
    /// (RegistryName.answers): a token goes over https only, or to a loopback registry.
    public static func claimant(of registry: RegistryName, in config: Config) throws(AuthError) -> RegistryClaim? {
        for profile in config.profiles {
            guard let claim = profile.registries.first(where: { $0.isSame(as: registry) }) else { continue }
            guard claim.answers(registry) else {
                throw .usage(
                    """
                    The request names http://\(registry): a token for \(registry) goes over https only (or to a loopback \
                    registry); the config would have to write http://\(registry) in registries and allow_insecure_http.
                    """)
            }
            return RegistryClaim(profile: profile, registry: claim)
        }
        return nil
    }

    init(profile: Profile, registry: RegistryName) {
        self.profile = profile
        self.registry = registry
        let wanted = (try? ServerURL(parsing: registry.originText)).map(SessionBinding.origin(of:))
        resource = wanted.flatMap { wanted in profile.resource { SessionBinding.origin(of: $0) == wanted } }
    }

    /// Every registry claim of `config`, as the front reads them for its warm `get`. A profile
    /// without a user name a registry may get is left out: the front hands its `get` over, and
    /// the refusal says why.
    static func record(of config: Config) -> RegistryRecord {
        RegistryRecord(
            claims: config.profiles.flatMap { profile -> [RegistryRecord.Claim] in
                guard let name = try? profile.registryUser() else { return [] }
                return profile.registries.map { registry in
                    RegistryRecord.Claim(
                        registry: registry.claimText, profile: profile.name, username: name,
                        resource: RegistryClaim(profile: profile, registry: registry).resource)
                }
            })
    }
}

extension CredentialBroker {
    /// The claim on `registry` (RegistryClaim), recorded for the front's warm `get` as well.
    public func claim(ofRegistry registry: RegistryName) throws(AuthError) -> RegistryClaim? {
        let config = try loadConfig()
        guard let claim = try RegistryClaim.claimant(of: registry, in: config) else { return nil }
        let record = RegistryClaim.record(of: config)
        if RegistryRecord.read(paths: context.paths, configFingerprint: config.fingerprint) != record {
            try? record.write(paths: context.paths, configFingerprint: config.fingerprint)
        }
        return claim
    }

    /// A token for the registry, with the user name it is given under.
    public func credential(for claim: RegistryClaim, caller: Caller) throws(AuthError) -> (username: String, token: CachedToken) {
        let username = try claim.profile.registryUser()
        let token = try tokens(for: claim.profile, attendance: caller.attendance).freshToken(
            caller.freshness, audience: claim.audience, carrier: .bare(caller.protocolName))
        return (username, token)
    }

    /// `list`: every claimed registry and the user name it gets, as the protocol's JSON object.
    public func registryList() throws(AuthError) -> String {
        var members: [String] = []
        for profile in try loadConfig().profiles where !profile.registries.isEmpty {
            let name = try profile.registryUser()
            members += profile.registries.map { "\(JSONString.quoted($0.description)):\(JSONString.quoted(name))" }
        }
        return "{" + members.joined(separator: ",") + "}\n"
    }

    /// Forgets the registry's cached access token so the next `get` refreshes; the session stays.
    public func forget(_ claim: RegistryClaim, caller: Caller) throws(AuthError) {
        try tokens(for: claim.profile, attendance: caller.attendance).dropAccessToken(matching: nil, audience: claim.audience)
    }
}

extension Profile {
    /// The user name its registries get: `registry_username`, else the login's; never docker's
    /// identity-token marker (the config refuses it as registry_username; a login name can be it).
    public func registryUser() throws(AuthError) -> String {
        let name = registryUsername ?? username
        guard name != DockerCredentialReply.identityTokenUsername else {
            throw .configuration(
                """
                Profile '\(self.name)' would give its registries the user name \(name), which docker reads as "the secret is \
                an identity token" and spends itself. Set registry_username in its config table, such as oauth2accesstoken.
                """)
        }
        return name
    }
}
