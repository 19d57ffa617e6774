import CKeyring

#if canImport(Glibc)
    import Glibc
#endif

/// Where a refresh keeps its rotated pair until the store has it (RefreshJournal: the kernel
/// keyring; unit tests keep it in memory).
public protocol RefreshJournaling: Sendable {
    /// Keeps `session` (rotated from `spent`) before the store is written. False when it could
    /// not: the caller goes on without it.
    @discardableResult func record(_ session: StoredSession, rotatedFrom spent: StoredSession) -> Bool
    /// The entry a killed refresh left, if any.
    func pending() -> RefreshJournalEntry?
    func clear()
}

/// An entry: the session to store, and which session it was rotated from.
public struct RefreshJournalEntry: Equatable, Sendable {
    /// SHA-256 of the spent refresh token (hex): enough to recognize the session it replaces,
    /// and no token itself.
    public let replaces: String
    public let session: StoredSession

    public init(replaces: String, session: StoredSession) {
        self.replaces = replaces
        self.session = session
    }

    /// What to do with an entry against the session the store holds now.
    public enum Resolution: Equatable {
        /// It was rotated from the stored session: the store must take it.
        case finish(StoredSession)
        /// The store already has it, or something newer: drop it, never replay it.
        case drop
    }

    public func resolve(against stored: StoredSession?) -> Resolution {
        guard let stored, let current = Self.fingerprint(of: stored.refreshToken) else { return .drop }
        return replaces == current && session.refreshToken != stored.refreshToken ? .finish(session) : .drop
    }

    public static func fingerprint(of refreshToken: String?) -> String? {
        guard let refreshToken, let digest = try? Crypto.sha256(Array(refreshToken.utf8), for: "The refresh journal") else { return nil }
        return digest.map { Printable.hex(UInt32($0), width: 2) }.joined()
    }
}

/// Where a rotated pair waits, for the milliseconds between the server's answer and the store's
/// save, so that a process killed in between (SIGKILL, the OOM killer, a crash; signals that can be
/// held are held) does not lose the session: the server has already spent the old refresh token.
///
/// A `user` key in the user's persistent kernel keyring, one per profile and server, its payload
/// sealed (AES-256-GCM, bound to the key's description) under one 32-byte journal key beside it,
/// as the kernel store seals sessions: written in microseconds (an add_key, against the store's
/// milliseconds), readable and writable by this user only, in kernel memory — never in a file,
/// gone at reboot. The one exception to "the store is the only place the refresh token lives":
/// short-lived, removed as soon as the store has the pair. The next refresh of the profile, under its lock, finishes what
/// a killed one left: an entry rotated from the stored session is stored and removed; one the
/// store already holds, or one older than it, is removed and never replayed over a newer session.
///
/// Best effort by design: where it cannot be written (no kernel keyring, a container's seccomp
/// profile, the user's key quota full) the refresh goes on as before and never fails for it.
public struct RefreshJournal: RefreshJournaling {
    /// `authhelper-journal:<profile>:<username>@<server>`, as the kernel store names its keys.
    let description: String
    let profile: String

    public init(profile: Profile) {
        self.profile = profile.name
        self.description = "authhelper-journal:\(profile.name):\(profile.username)@\(profile.server)"
    }

    /// Keeps `session` (rotated from `spent`) before the store is written. False when it could
    /// not: the caller goes on without it.
    @discardableResult
    public func record(_ session: StoredSession, rotatedFrom spent: StoredSession) -> Bool {
        guard let replaces = RefreshJournalEntry.fingerprint(of: spent.refreshToken), let keyring = Self.keyring(),
            var key = Self.sealingKey(in: keyring, creating: true)
        else { return false }
        defer { SecretBytes.wipe(&key) }
        var payload = Array(
            JSONValue.object([("version", .number(1)), ("replaces", .string(replaces)), ("session", .string(session.serialized))])
                .serialized.utf8)
        defer { SecretBytes.wipe(&payload) }
        guard let sealed = try? Crypto.seal(payload, key: key, context: Array(description.utf8), for: "The refresh journal") else {
            return false
        }
        return sealed.withUnsafeBytes { ah_keyring_store(keyring, description, $0.baseAddress, $0.count) } >= 0
    }

    /// The entry a killed refresh left, if any.
    public func pending() -> RefreshJournalEntry? {
        guard let keyring = Self.keyring() else { return nil }
        let entry = ah_keyring_search(keyring, description)
        guard entry >= 0 else { return nil }
        guard var sealed = Self.payload(of: entry) else { return nil }
        defer { SecretBytes.wipe(&sealed) }
        var key = Self.sealingKey(in: keyring, creating: false) ?? []
        defer { SecretBytes.wipe(&key) }
        var opened = (try? Crypto.unseal(sealed, key: key, context: Array(description.utf8), for: "The refresh journal")) ?? nil
        defer { if opened != nil { SecretBytes.wipe(&opened!) } }
        guard let plain = opened, let document = try? JSONValue.parse(plain),
            document["version"]?.integerValue == 1, let replaces = document["replaces"]?.stringValue,
            let text = document["session"]?.stringValue, let session = StoredSession(serialized: text)
        else {
            clear()  // not one of ours to act on: never replayed
            return nil
        }
        return RefreshJournalEntry(replaces: replaces, session: session)
    }

    /// Removes the entry (invalidated: the kernel destroys it at once, no quota needed).
    public func clear() {
        guard let keyring = Self.keyring() else { return }
        let key = ah_keyring_search(keyring, description)
        if key >= 0 { _ = ah_keyring_invalidate(key) }
    }

    /// The journal's sealing key: one for every profile, made by the first refresh that needs it.
    static let sealingKeyDescription = "authhelper-journal-key"

    private static func sealingKey(in keyring: Int, creating: Bool) -> [UInt8]? {
        let found = ah_keyring_search(keyring, sealingKeyDescription)
        if found >= 0, let key = payload(of: found), key.count == Crypto.keySize { return key }
        guard creating, var key = try? Crypto.newKey(for: "The refresh journal") else { return nil }
        guard key.withUnsafeBytes({ ah_keyring_store(keyring, sealingKeyDescription, $0.baseAddress, $0.count) }) >= 0 else {
            SecretBytes.wipe(&key)
            return nil
        }
        return key
    }

    /// A key's payload (the caller wipes it), or nil.
    private static func payload(of key: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: KernelKeyringStore.maxPayload)
        defer { SecretBytes.wipe(&buffer) }
        let length = buffer.withUnsafeMutableBytes { ah_keyring_read(key, $0.baseAddress, $0.count) }
        guard length > 0, length <= buffer.count else { return nil }
        return Array(buffer[..<Int(length)])
    }

    private static func keyring() -> Int? {
        var persistent: Int32 = 0
        let keyring = ah_keyring_open(&persistent)
        return keyring >= 0 ? keyring : nil
    }
}
