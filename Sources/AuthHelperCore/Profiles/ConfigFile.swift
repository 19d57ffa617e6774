#if canImport(Glibc)
    import Glibc
#endif

/// The parsed config file.
public struct Config: Sendable {
    public var defaultProfile: String?
    /// In file order.
    public var profiles: [Profile]
    /// The fingerprint of the very file these were read from (SecureFiles.readStamped); "none"
    /// for no file. What is decided from this config is stamped with it (Profile.configFingerprint).
    public private(set) var fingerprint = "none"

    public init(defaultProfile: String? = nil, profiles: [Profile] = []) {
        self.defaultProfile = defaultProfile
        self.profiles = profiles
    }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// Records which file the config and each of its profiles were read from.
    mutating func stamp(_ fingerprint: String) {
        self.fingerprint = fingerprint
        for index in profiles.indices { profiles[index].configFingerprint = fingerprint }
    }

    /// The profile used when none is chosen: `default_profile`, else `default`.
    public var effectiveDefaultProfile: String { defaultProfile ?? ProfileSelection.fallback }

    /// Removes a profile's table; the default goes with it (then `default` is the fallback again).
    public mutating func remove(profile name: String) {
        profiles.removeAll { $0.name == name }
        if defaultProfile == name { defaultProfile = nil }
    }

    /// The rule "one profile per registry", once for the config reader and for login: the first
    /// registry two profiles claim, and the sentence that says so. A registry answers with one
    /// profile's token, so which profile was meant cannot be guessed.
    public func registryClaimedTwice() -> (registry: RegistryName, first: String, second: String, sentence: String)? {
        var claimed: [(RegistryName, String)] = []
        for profile in profiles {
            for registry in profile.registries {
                if let earlier = claimed.first(where: { $0.0.isSame(as: registry) }), earlier.1 != profile.name {
                    let sentence = """
                        the registry \(registry) is claimed by profiles '\(earlier.1)' and '\(profile.name)'; a registry answers with one \
                        profile's token: keep it in one profile's registries.
                        """
                    return (registry, earlier.1, profile.name, sentence)
                }
                claimed.append((registry, profile.name))
            }
        }
        return nil
    }

    public mutating func upsert(_ profile: Profile) {
        var profile = profile
        profile.configFingerprint = fingerprint
        if let index = profiles.firstIndex(where: { $0.name == profile.name }) {
            profiles[index] = profile
        } else {
            profiles.append(profile)
        }
    }
}

/// Reads and writes the human-editable TOML config (see TOMLDocument); every problem
/// is reported as `config.toml:LINE: what is wrong` (exit 78), unknown keys as warnings.
public enum ConfigFile {
    public static let maxSize = 1 << 20

    /// Loads `path`; a missing file is an empty config. Warnings go to `diagnostics` (nil: dropped).
    public static func load(_ path: String, diagnostics: Diagnostics?) throws(AuthError) -> Config {
        try refusePlantedSymlink(path)
        let (read, fingerprint) = SecureFiles.readStamped(path, limit: maxSize, requirePrivate: false, followSymlink: true)
        switch read {
        case .missing:
            return Config()
        case .untrusted(let reason):
            throw .configuration("\(path): \(reason).")
        case .contents(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .configuration("\(path): the file is not valid UTF-8.")
            }
            var warnings: [String] = []
            var st = stat()
            if stat(path, &st) == 0, st.st_mode & 0o077 != 0 {
                warnings.append(
                    """
                    \(path) can be read by other users (mode \(String(st.st_mode & 0o777, radix: 8))); it holds no secrets, but \
                    `chmod 600` it to keep your profiles private.
                    """
                )
            }
            var config = try parse(text, path: path, warnings: &warnings)
            for warning in warnings { diagnostics?.warning(warning) }
            config.stamp(fingerprint)
            return config
        }
    }

    /// A config that is a symlink is followed only when the link and its target are both this
    /// user's (dotfile managers link configs into place); a link planted by someone else, or
    /// pointing at someone else's file, is refused.
    static func refusePlantedSymlink(_ path: String) throws(AuthError) {
        var link = stat()
        guard lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK else { return }
        var target = stat()
        guard link.st_uid == getuid(), stat(path, &target) != 0 || target.st_uid == getuid() else {
            throw .configuration(
                """
                \(path) is a symlink that is not yours or points at a file that is not yours; authhelper does not follow it. Remove \
                it and retry.
                """
            )
        }
    }

    /// Parses config text. `path` only names the file in messages. Profiles and warnings come in
    /// file order.
    public static func parse(_ text: String, path: String, warnings: inout [String]) throws(AuthError) -> Config {
        // The whole path: "config.toml:36" alone does not say which file (AUTHHELPER_CONFIG, --config).
        let name = path
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch {
            throw .configuration("\(name):\(error.line): \(error.reason).")
        }
        var config = Config()
        for entry in document.entries(in: []) {
            guard entry.key == "default_profile" else {
                let hint = NearestWord.nearest(to: entry.key, in: ["default_profile"]).map { " Did you mean '\($0)'?" } ?? ""
                warnings.append("\(name):\(entry.line): unknown key '\(printable(entry.key))' ignored.\(hint)")
                continue
            }
            guard case .string(let profile) = entry.value else {
                throw .configuration("\(name):\(entry.line): default_profile must be a string.")
            }
            config.defaultProfile = profile
        }
        for entry in document.entries where entry.table.first == "profiles" && entry.table.count != 2 {
            throw .configuration("\(name):\(entry.line): settings belong in a [profiles.NAME] table.")
        }
        for table in document.tables where table.path.first != "profiles" || table.path.count > 2 {
            warnings.append("\(name):\(table.line): unknown table [\(printable(table.path.joined(separator: ".")))] ignored.")
        }
        for (profileName, line) in document.childTables(of: ["profiles"]) {
            config.profiles.append(
                try parseProfile(
                    profileName, line: line, entries: document.entries(in: ["profiles", profileName]),
                    file: name, warnings: &warnings))
        }
        try checkOneProfilePerRegistry(config, file: name, document: document)
        return config
    }

    /// Config.registryClaimedTwice, at the line of the second profile's registries (78).
    private static func checkOneProfilePerRegistry(_ config: Config, file: String, document: TOMLDocument) throws(AuthError) {
        guard let twice = config.registryClaimedTwice() else { return }
        let line = document.entries(in: ["profiles", twice.second]).first { $0.key == "registries" }?.line ?? 0
        throw .configuration("\(file):\(line): \(twice.sentence)")
    }

    private static func parseProfile(
        _ profileName: String, line headerLine: Int, entries: [TOMLDocument.Entry], file: String,
        warnings: inout [String]
    ) throws(AuthError) -> Profile {
        do {
            try Profile.validateName(profileName)
        } catch {
            throw .configuration("\(file):\(headerLine): \(error.message)")
        }
        let table = ProfileTable(name: profileName, file: file, headerLine: headerLine, entries: entries, warnings: &warnings)
        // The profile is made from its server; every other key is read in the table's order.
        var profile = Profile(
            name: profileName, server: try table.parsed("server") { text throws(AuthError) in try ServerURL(parsing: text) }, username: "")
        for field in ProfileField.all {
            try field.read?(table, &profile)
        }
        do {
            try profile.checkCredentialSettings()
            try profile.checkEndpointSettings()
            try profile.checkTokenDestinations()
        } catch {
            throw table.problem(error.key, error.message)
        }
        return profile
    }

    /// The file as authhelper writes it: a comment header, the default, then one table per profile.
    /// Only non-default optional settings are written, so the file stays short and readable.
    public static func render(_ config: Config) -> String {
        var out = "# authhelper configuration: profiles only, never a secret (those live in the keyring).\n"
        out += "# See authhelper.toml(5). authhelper rewrites this file on login.\n"
        if let defaultProfile = config.defaultProfile {
            out += "\ndefault_profile = \(quote(defaultProfile))\n"
        }
        for profile in config.profiles where profile.forwardedBy == nil {
            out += "\n[profiles.\(quoteKey(profile.name))]\n"
            for field in ProfileField.all {
                if let value = field.write(profile) { out += "\(field.key) = \(value)\n" }
            }
        }
        return out
    }

    /// Writes the config 0600 in a 0700 folder, atomically.
    /// Writes `config` to `path`; the fingerprint of the file written, which what is decided from
    /// this config is stamped with.
    @discardableResult
    public static func save(_ config: Config, to path: String) throws(AuthError) -> String {
        try SecureFiles.ensurePrivateDirectory(SecureFiles.parentOf(path))
        let written = try SecureFiles.writeAtomically(path, Array(render(config).utf8), durable: true)
        AbandonedWrites.remove(besides: path)
        return written
    }

    /// A TOML basic string (JSON's escapes, DEL escaped too).
    static func quote(_ value: String) -> String { JSONString.quoted(value, escapingDelete: true) }

    static func quoteKey(_ key: String) -> String {
        let bare = key.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
        }
        return bare && !key.isEmpty ? key : quote(key)
    }
}
