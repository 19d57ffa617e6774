#if canImport(Glibc)
    import Glibc
#endif

/// The docker-credential-helpers protocol (what docker, podman, skopeo, buildah and nerdctl run
/// as `docker-credential-NAME OP`), as an operation table: `get` answers with a fresh access
/// token for the registry's profile, never the refresh token and never `<token>` as user name
/// (docker would then run the refresh grant itself at the registry's realm with the single-use
/// refresh token); `store` keeps nothing; `erase` drops the cached access token; `list` names the
/// claimed registries. Every answer and every failure goes to stdout, the protocol's one channel.
public struct DockerCredentialService {
    let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// What to print on stdout, and the exit status.
    public struct Outcome: Equatable, Sendable {
        public let stdout: String
        public let status: Int32

        static func reply(_ text: String) -> Outcome { Outcome(stdout: text, status: 0) }
        static func failure(_ text: String) -> Outcome { Outcome(stdout: text + "\n", status: DockerCredentialReply.failureStatus) }
        static let notFound = failure(DockerCredentialReply.notFound)
    }

    public func answer(operation: String) -> Outcome {
        guard let handle = Self.operations[operation] else {
            return .failure(
                "authhelper: unknown operation '\(printable(operation))'; the operations are get, store, erase, list and version.")
        }
        do {
            return try handle(self)
        } catch {
            return .failure("authhelper: \(error.message)")
        }
    }

    typealias Operation = @Sendable (DockerCredentialService) throws(AuthError) -> Outcome

    static let operations: [String: Operation] = [
        "get": { service throws(AuthError) in try service.get() },
        "store": { service throws(AuthError) in service.store() },
        "erase": { service throws(AuthError) in try service.erase() },
        "list": { service throws(AuthError) in try service.list() },
        "version": { _ throws(AuthError) in .reply("docker-credential-authhelper (authhelper) \(AuthHelperVersion.current)\n") },
    ]

    // MARK: Operations

    private func get() throws(AuthError) -> Outcome {
        let asked = try readRequest()
        guard let registry = RegistryName(parsing: asked), let (profile, claim, config) = try claimant(of: registry) else {
            return .notFound
        }
        recordClaims(config)
        let name = try username(of: profile)
        let audience = Profile.audience(of: resource(of: profile, on: claim))
        let token = try TokenService(context: serving(profile), profile: profile).freshToken(
            .registry, audience: audience, carrier: .bare("the container tools' credential protocol"))
        return .reply(DockerCredentialReply.render(serverURL: asked, username: name, secret: token.accessToken))
    }

    /// `podman login` and `skopeo login` call `get`, then `store`, and show what this prints.
    private func store() -> Outcome {
        _ = context.input.readAll(limit: DockerCredentialReply.requestLimit)
        return .failure(
            """
            authhelper keeps no registry passwords: a registry gets a fresh access token of the profile that claims it. Log in \
            with `authhelper login --registry HOST` (or add the registry to a profile's registries) instead of a registry login.
            """)
    }

    /// `podman logout`: the cached access token goes (the runtime cache's and the store's copy),
    /// so the next `get` refreshes; the session stays.
    private func erase() throws(AuthError) -> Outcome {
        guard let registry = RegistryName(parsing: try readRequest()), let (profile, claim, _) = try claimant(of: registry) else {
            return .notFound
        }
        try TokenService(context: serving(profile), profile: profile).dropAccessToken(
            matching: nil, audience: Profile.audience(of: resource(of: profile, on: claim)))
        return .reply("")
    }

    private func list() throws(AuthError) -> Outcome {
        let config = try context.loadConfig()
        var members: [String] = []
        for profile in config.profiles where !profile.registries.isEmpty {
            let name = try username(of: profile)
            members += profile.registries.map { "\(JSONString.quoted($0.description)):\(JSONString.quoted(name))" }
        }
        return .reply("{" + members.joined(separator: ",") + "}\n")
    }

    // MARK: Steps

    private func readRequest() throws(AuthError) -> String {
        guard let bytes = context.input.readAll(limit: DockerCredentialReply.requestLimit) else {
            throw .usage("The request on stdin is larger than \(DockerCredentialReply.requestLimit / 1024) KiB.")
        }
        return String(decoding: bytes, as: UTF8.self).trimmingSpaceAndNewlines
    }

    /// The profile whose registries hold `registry`, and the claim as the config writes it (its
    /// scheme, not the request's, decides which token the registry gets). A request in plain http
    /// for a registry the config does not speak plain http to is refused (RegistryName.answers).
    private func claimant(of registry: RegistryName) throws(AuthError) -> (Profile, RegistryName, Config)? {
        let config = try context.loadConfig()
        for profile in config.profiles {
            guard let claim = profile.registries.first(where: { $0.isSame(as: registry) }) else { continue }
            guard claim.answers(registry) else {
                throw .usage(
                    """
                    The request names http://\(registry): a token for \(registry) goes over https only (or to a loopback \
                    registry); the config would have to write http://\(registry) in registries and allow_insecure_http.
                    """)
            }
            return (profile, claim, config)
        }
        return nil
    }

    /// The profile's resource on the registry's origin (as the config writes it), whose token the
    /// registry gets instead.
    private func resource(of profile: Profile, on registry: RegistryName) -> String? {
        guard let origin = try? ServerURL(parsing: registry.originText) else { return nil }
        let wanted = SessionBinding.origin(of: origin)
        return profile.resource { SessionBinding.origin(of: $0) == wanted }
    }

    /// The user name a registry gets: `registry_username`, else the login's; never docker's
    /// identity-token marker (the config refuses it as registry_username; a login name can be it).
    private func username(of profile: Profile) throws(AuthError) -> String {
        let name = profile.registryUsername ?? profile.username
        guard name != DockerCredentialReply.identityTokenUsername else {
            throw .configuration(
                """
                Profile '\(profile.name)' would give its registries the user name \(name), which docker reads as "the secret \
                is an identity token" and spends itself. Set registry_username in its config table, such as oauth2accesstoken.
                """)
        }
        return name
    }

    /// No prompt unless a person is at the terminal on both stdin and stderr (the tools pipe stdin).
    private func serving(_ profile: Profile) -> AuthContext {
        let selected = context.selecting(profile.name)
        return selected.attended(by: .containerTool)
    }

    /// For the front's warm `get`: which profile answers for which registry, under this config.
    private func recordClaims(_ config: Config) {
        // A profile without a user name a registry may get is not recorded: the front hands its
        // `get` over, and the refusal above says why.
        let claims = config.profiles.flatMap { profile -> [RegistryRecord.Claim] in
            guard let name = try? username(of: profile) else { return [] }
            return profile.registries.map { registry in
                RegistryRecord.Claim(
                    registry: registry.claimText, profile: profile.name, username: name, resource: resource(of: profile, on: registry))
            }
        }
        let record = RegistryRecord(claims: claims)
        guard RegistryRecord.read(paths: context.paths, configFingerprint: config.fingerprint) != record else { return }
        try? record.write(paths: context.paths, configFingerprint: config.fingerprint)
    }
}
