/// The hot path's store: a profile's access token and expiry in `$XDG_RUNTIME_DIR/authhelper/<profile>`,
/// a 0600 file on the per-user tmpfs. Never the refresh token.
///
/// Each entry records the fingerprint (device, inode, size, mtime) of the config file it was
/// derived from. When the config is edited — a profile's server changed, `cache = false` set —
/// the fingerprints differ and the entry is ignored until the slow path has looked again. So the
/// fast path may trust the entry without parsing TOML.
///
/// This is the one reader and writer of the format: the front (`Sources/authhelper`) answers a
/// warm call through `WarmLookup`, which reads it here, and authhelper-full reads and writes it
/// here. A change to the format still takes a new `magic`, so that a front of an older release
/// (a package upgrade under a running shell) finds no entry it knows and hands the call over.
public struct RuntimeCache: Sendable {
    public let paths: Paths
    public static let magic = "authhelper-cache-v3"

    public init(paths: Paths) { self.paths = paths }

    /// What the cache holds for one profile's audience.
    public enum Entry: Equatable, Sendable {
        case missing
        /// An entry of ours, well formed, but written for another config (edited since, or another
        /// profile logged in): not to be used, but a sign that a session was cached and a process
        /// may be refreshing it right now.
        case writtenForAnotherConfig
        case token(CachedToken)
    }

    /// What a forwarded profile's entries add to its name (`work@agent`): `@` is never in a
    /// profile name, so a token an agent answered can never be read or written as the entry of a
    /// profile this machine has.
    public static let forwardedSuffix = "@agent"
    /// What a DPoP-bound profile's entries add to its name (`work@dpop`): the front looks up
    /// `<profile>` and `<profile>@agent` only, so it never hands such a token out bare.
    public static let dpopSuffix = "@dpop"

    /// The variable that turns the cache off for one process (1, true, yes or on).
    public static let disableVariable = "AUTHHELPER_NO_CACHE"

    public static func isDisabled(by environment: ProcessEnvironment) -> Bool { environment.flag(disableVariable) }

    /// The cached token of `profile` (for `audience`) if the entry is ours, private, and from
    /// this config. An audience's entry names it on a sixth line, which must match.
    public func read(profile: String, configFingerprint: String, audience: Audience = .profileDefault) -> CachedToken? {
        guard case .token(let token) = lookup(profile: profile, configFingerprint: configFingerprint, audience: audience) else {
            return nil
        }
        return token
    }

    /// The entry of `profile` (for `audience`): the one reader of the format, for the front and
    /// for authhelper-full. The entry must name the very profile (kind suffix included) and
    /// audience it is read for: a file renamed (`prod` to `dev`, `work@dpop` to `work`) is no
    /// entry of the name it now has.
    public func lookup(profile: String, configFingerprint: String, audience: Audience = .profileDefault) -> Entry {
        guard let entry = Self.entry(paths.runtimeFolder.read(.entry(name: profile, audience: audience), limit: 64 * 1024)),
            entry.profile == profile, entry.audience == (audience.isProfileDefault ? nil : audience.summary)
        else { return .missing }
        return entry.fingerprint == configFingerprint ? .token(entry.token) : .writtenForAnotherConfig
    }

    /// Every audience's entry of the profile whose entries are named `name` (its cacheName) from
    /// this config (`status`), by summary.
    public func audienceEntries(profile name: String, configFingerprint: String) -> [(audience: String, token: CachedToken)] {
        paths.runtimeFolder.audienceEntries(named: name, limit: 64 * 1024).compactMap { read in
            guard let entry = Self.entry(read), entry.profile == name, entry.fingerprint == configFingerprint,
                let audience = entry.audience
            else { return nil }
            return (audience, entry.token)
        }
    }

    /// An entry file: a private regular file of this user, at most 64 KiB, no NUL, the magic,
    /// then the fingerprint, two times in decimal seconds, a token, the entry's profile name (its
    /// kind suffix included), and an audience's summary (empty for the profile's own token).
    private static func entry(_ read: SecureFiles.ReadResult) -> (
        profile: String, fingerprint: String, token: CachedToken, audience: String?
    )? {
        guard case .contents(let bytes) = read, !bytes.contains(0) else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count >= 6,
            lines[0].elementsEqual(Self.magic.utf8),
            let expiresAt = Int64(String(decoding: lines[2], as: UTF8.self)),
            let obtainedAt = Int64(String(decoding: lines[3], as: UTF8.self)),
            !lines[4].isEmpty, !lines[5].isEmpty
        else { return nil }
        let audience = lines.count > 6 && !lines[6].isEmpty ? String(decoding: lines[6], as: UTF8.self) : nil
        let token = CachedToken(accessToken: String(decoding: lines[4], as: UTF8.self), expiresAt: expiresAt, obtainedAt: obtainedAt)
        return (String(decoding: lines[5], as: UTF8.self), String(decoding: lines[1], as: UTF8.self), token, audience)
    }

    public func write(profile: String, token: CachedToken, configFingerprint: String, audience: Audience = .profileDefault)
        throws(AuthError)
    {
        var text = "\(Self.magic)\n\(configFingerprint)\n\(token.expiresAt)\n\(token.obtainedAt)\n\(token.accessToken)\n\(profile)\n"
        if !audience.isProfileDefault { text += audience.summary + "\n" }
        // tmpfs: no fsync; the cache may always be lost, the keyring holds the truth.
        try paths.runtimeFolder.write(.entry(name: profile, audience: audience), Array(text.utf8))
    }

    /// Every entry of `profile`, whatever its kind: its own, a forwarded profile's (`@agent`), a
    /// DPoP profile's (`@dpop`), and each audience's (`+…`) of each — what logout removes.
    public func removeEveryEntry(of profile: String) throws(AuthError) {
        try paths.runtimeFolder.removeEveryEntry(of: profile)
    }

    /// Removes the entries named `name` (a profile's cacheName) and every audience's of it.
    public func remove(profile name: String) throws(AuthError) {
        try paths.runtimeFolder.removeEntries(named: name)
    }

    /// Removes one audience's entry (the profile's own with `.profileDefault`).
    public func remove(profile: String, audience: Audience) throws(AuthError) {
        try paths.runtimeFolder.remove(.entry(name: profile, audience: audience))
    }

    // MARK: Default profile record

    /// The profile the config names as default, if recorded for this very config file.
    public func recordedDefaultProfile(configFingerprint: String) -> String? {
        guard case .contents(let bytes) = paths.runtimeFolder.read(.defaultProfileRecord, limit: 4096) else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0].elementsEqual(configFingerprint.utf8), !lines[1].isEmpty else { return nil }
        return String(decoding: lines[1], as: UTF8.self)
    }

    public func recordDefaultProfile(_ profile: String, configFingerprint: String) throws(AuthError) {
        try paths.runtimeFolder.write(.defaultProfileRecord, Array("\(configFingerprint)\n\(profile)\n".utf8))
    }
}
