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

        public init(
            tool: WarmRequest.Command, profileFlag: String?, lookup: String, profile: String, username: String, resource: String?
        ) {
            self.tool = tool.rawValue
            self.profileFlag = profileFlag ?? ""
            self.lookup = lookup
            self.profile = profile
            self.username = username
            self.resource = resource
        }

        init(fields: [String]) {
            (tool, profileFlag, lookup, profile, username) = (fields[0], fields[1], fields[2], fields[3], fields[4])
            resource = fields[5].isEmpty ? nil : fields[5]
        }

        var fields: [String] { [tool, profileFlag, lookup, profile, username, resource ?? ""] }

        func answers(tool: String, profileFlag: String, lookup: String) -> Bool {
            self.tool == tool && self.profileFlag == profileFlag && self.lookup == lookup
        }
    }

    public static let capacity = 64
    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The record for the config with `configFingerprint`, if it is there and private.
    public static func read(paths: Paths, configFingerprint: String) -> ToolClaimRecord? {
        guard let rows = StampedRecord.rows(of: .toolClaimRecord, in: paths.runtimeFolder, stamp: configFingerprint, fieldCount: 6),
            rows.allSatisfy({ ProfileName.isValid($0[3]) })
        else { return nil }
        return ToolClaimRecord(entries: rows.map(Entry.init(fields:)))
    }

    /// The broker's answer to this very lookup, if it was recorded.
    public func entry(tool: WarmRequest.Command, profileFlag: String?, lookup: String) -> Entry? {
        entries.last { $0.answers(tool: tool.rawValue, profileFlag: profileFlag ?? "", lookup: lookup) }
    }

    /// Adds (or replaces) `entry` in the record of this config.
    public static func remember(_ entry: Entry, paths: Paths, configFingerprint: String) throws(AuthError) {
        let earlier = read(paths: paths, configFingerprint: configFingerprint)?.entries ?? []
        if earlier.last == entry { return }
        let kept = earlier.filter { !$0.answers(tool: entry.tool, profileFlag: entry.profileFlag, lookup: entry.lookup) }
        try StampedRecord.write(
            (kept + [entry]).suffix(capacity).map { $0.fields }, stamp: configFingerprint, to: .toolClaimRecord,
            in: paths.runtimeFolder)
    }
}
