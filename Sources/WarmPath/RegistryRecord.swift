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
        guard let path = paths.registryRecord,
            case .contents(let bytes) = SecureFiles.read(path, limit: 256 * 1024, requirePrivate: true), !bytes.contains(0)
        else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard lines.first == configFingerprint else { return nil }
        var claims: [Claim] = []
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, ProfileName.isValid(fields[1]) else { return nil }
            claims.append(
                Claim(registry: fields[0], profile: fields[1], username: fields[2], resource: fields[3].isEmpty ? nil : fields[3]))
        }
        return RegistryRecord(claims: claims)
    }

    public func write(paths: Paths, configFingerprint: String) throws(AuthError) {
        guard let directory = paths.runtimeDirectory, let path = paths.registryRecord else { return }
        let text =
            configFingerprint + "\n"
            + claims.map { "\($0.registry)\t\($0.profile)\t\($0.username)\t\($0.resource ?? "")\n" }.joined()
        guard !claims.contains(where: { ($0.registry + $0.username + ($0.resource ?? "")).contains(where: { $0.isNewlineOrTab }) }) else {
            return
        }
        try SecureFiles.ensurePrivateDirectory(directory)
        try SecureFiles.writeAtomically(path, Array(text.utf8), durable: false)
    }

    /// The claim for `registry`; never one whose user name is docker's identity-token marker (a
    /// record from an older authhelper): authhelper-full answers that, with the reason.
    public func claim(for registry: RegistryName) -> Claim? {
        claims.first { RegistryName(parsing: $0.registry)?.isSame(as: registry) == true }
            .flatMap { $0.username == DockerCredentialReply.identityTokenUsername ? nil : $0 }
    }
}

extension Character {
    fileprivate var isNewlineOrTab: Bool { self == "\n" || self == "\t" || self == "\r" }
}
