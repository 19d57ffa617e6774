/// Which profile answers for which registry, recorded by authhelper-full in the runtime folder
/// (`.registries`) for the config file it read, so the front can answer a warm
/// `docker-credential-authhelper get` without parsing TOML — as `.default-profile` records the
/// default. Each line: registry, profile, registry username, and the resource whose token it gets
/// (empty: the profile's own), tab-separated (none of them can hold a tab).
public struct RegistryRecord: Equatable, Sendable {
    public struct Claim: Equatable, Sendable {
        public let registry: String
        public let profile: String
        public let username: String
        public let resource: String?

        public init(registry: String, profile: String, username: String, resource: String?) {
            self.registry = registry
            self.profile = profile
            self.username = username
            self.resource = resource
        }
    }

    public let claims: [Claim]

    public init(claims: [Claim]) { self.claims = claims }

    /// The record for the config with `configFingerprint`, if it is there and private.
    public static func read(paths: Paths, configFingerprint: String) -> RegistryRecord? {
        guard let rows = StampedRecord.rows(of: .registryRecord, in: paths.runtimeFolder, stamp: configFingerprint, fieldCount: 4),
            rows.allSatisfy({ ProfileName.isValid($0[1]) })
        else { return nil }
        return RegistryRecord(
            claims: rows.map { Claim(registry: $0[0], profile: $0[1], username: $0[2], resource: $0[3].isEmpty ? nil : $0[3]) })
    }

    public func write(paths: Paths, configFingerprint: String) throws(AuthError) {
        let rows = claims.map { [$0.registry, $0.profile, $0.username, $0.resource ?? ""] }
        try StampedRecord.write(rows, stamp: configFingerprint, to: .registryRecord, in: paths.runtimeFolder)
    }

    /// The claim for `registry`; never one whose user name is docker's identity-token marker (a
    /// record from an older authhelper): authhelper-full answers that, with the reason.
    public func claim(for registry: RegistryName) -> Claim? {
        claims.first { RegistryName(parsing: $0.registry)?.answers(registry) == true }
            .flatMap { $0.username == DockerCredentialReply.identityTokenUsername ? nil : $0 }
    }
}
