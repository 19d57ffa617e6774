/// What the credential broker answered to the tools' lookups, recorded by authhelper-full in the
/// runtime folder (`.tool-claims`) for the config file it read, so the front can answer a warm
/// `terraform-credentials get HOST` or `keyring get URL …` without TOML and without a second copy
/// of the rule from a URL to a profile: the front only finds the very lookup (tool, `--profile`,
/// URL or host) the broker has answered before. Each line after the config's fingerprint: tool,
/// `--profile` (empty: none), the lookup, profile, user name and resource (empty: the profile's
/// own token), tab-separated. At most `capacity` lines, the newest kept.
public struct ToolClaimRecord: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public let tool: String
        public let profileFlag: String
        public let lookup: String
        public let profile: String
        public let username: String
        public let resource: String?

        public init(tool: String, profileFlag: String?, lookup: String, profile: String, username: String, resource: String?) {
            self.tool = tool
            self.profileFlag = profileFlag ?? ""
            self.lookup = lookup
            self.profile = profile
            self.username = username
            self.resource = resource
        }

        var fields: [String] { [tool, profileFlag, lookup, profile, username, resource ?? ""] }
    }

    public static let capacity = 64
    /// The tools whose lookups are recorded: the names of their commands.
    public static let terraformTool = "terraform-credentials"
    public static let keyringTool = "keyring"
    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The record for the config with `configFingerprint`, if it is there and private.
    public static func read(paths: Paths, configFingerprint: String) -> ToolClaimRecord? {
        guard let path = paths.toolClaimRecord,
            case .contents(let bytes) = SecureFiles.read(path, limit: 256 * 1024, requirePrivate: true), !bytes.contains(0)
        else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let first = lines.first, String(decoding: first, as: UTF8.self) == configFingerprint else { return nil }
        var entries: [Entry] = []
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard fields.count == 6, ProfileName.isValid(fields[3]) else { return nil }
            entries.append(
                Entry(
                    tool: fields[0], profileFlag: fields[1], lookup: fields[2], profile: fields[3], username: fields[4],
                    resource: fields[5].isEmpty ? nil : fields[5]))
        }
        return ToolClaimRecord(entries: entries)
    }

    /// The broker's answer to this very lookup, if it was recorded.
    public func entry(tool: String, profileFlag: String?, lookup: String) -> Entry? {
        entries.last { $0.tool == tool && $0.profileFlag == (profileFlag ?? "") && $0.lookup == lookup }
    }

    /// Adds (or replaces) `entry` in the record of this config; a field with a tab or a line break
    /// is never recorded (the front then hands that lookup over).
    public static func remember(_ entry: Entry, paths: Paths, configFingerprint: String) throws(AuthError) {
        guard let directory = paths.runtimeDirectory, let path = paths.toolClaimRecord,
            !entry.fields.contains(where: { $0.utf8.contains { $0 == 9 || $0 == 10 || $0 == 13 } })
        else { return }
        let earlier = read(paths: paths, configFingerprint: configFingerprint)?.entries ?? []
        if earlier.last == entry { return }
        let kept = earlier.filter { !($0.tool == entry.tool && $0.profileFlag == entry.profileFlag && $0.lookup == entry.lookup) }
        let lines = (kept + [entry]).suffix(capacity).map { $0.fields.joined(separator: "\t") + "\n" }
        try SecureFiles.ensurePrivateDirectory(directory)
        try SecureFiles.writeAtomically(path, Array((configFingerprint + "\n" + lines.joined()).utf8), durable: false)
    }
}
