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

/// An entry: what to store, and which session it was rotated from.
public struct RefreshJournalEntry: Equatable, Sendable {
    /// SHA-256 of the spent refresh token (hex): enough to recognize the session it replaces,
    /// and no token itself.
    public let replaces: String
    public let content: Content

    /// The rotated pair (written by the refresh itself), or the server's answer as the refresh
    /// courier received it, before the refresh could read it (RefreshCourier).
    public enum Content: Equatable, Sendable {
        case session(StoredSession)
        case answer(JournaledAnswer)
    }

    /// The rotated pair, where the entry holds one.
    public var session: StoredSession? {
        if case .session(let session) = content { return session }
        return nil
    }

    public init(replaces: String, session: StoredSession) {
        self.replaces = replaces
        self.content = .session(session)
    }

    public init(replaces: String, answer: JournaledAnswer) {
        self.replaces = replaces
        self.content = .answer(answer)
    }

    /// What to do with an entry against the session the store holds now.
    public enum Resolution: Equatable {
        /// It was rotated from the stored session: the store must take it.
        case finish(StoredSession)
        /// The server's answer to a refresh of the stored session: the server reads it into the
        /// rotated pair, which the store must take.
        case read(JournaledAnswer)
        /// The store already has it, or something newer: drop it, never replay it.
        case drop
    }

    public func resolve(against stored: StoredSession?) -> Resolution {
        guard let stored, let current = Self.fingerprint(of: stored.refreshToken), replaces == current else { return .drop }
        switch content {
        case .session(let session): return session.refreshToken != stored.refreshToken ? .finish(session) : .drop
        case .answer(let answer): return .read(answer)
        }
    }

    public static func fingerprint(of refreshToken: String?) -> String? {
        guard let refreshToken, let digest = try? Crypto.sha256(Array(refreshToken.utf8), for: "The refresh journal") else { return nil }
        return digest.map { Printable.hex(UInt32($0), width: 2) }.joined()
    }
}

/// A token endpoint's successful answer to a refresh, kept as it came: its status and body, when
/// it arrived, and whether it was for the profile's own audience (the session's access token) or
/// another's (only its refresh token is kept).
public struct JournaledAnswer: Equatable, Sendable {
    public let status: Int
    public let body: [UInt8]
    public let receivedAt: Int64
    public let profileDefault: Bool

    public init(status: Int, body: [UInt8], receivedAt: Int64, profileDefault: Bool) {
        self.status = status
        self.body = body
        self.receivedAt = receivedAt
        self.profileDefault = profileDefault
    }

    public var response: HTTPResponse { HTTPResponse(status: status, body: body) }
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
    public let description: String

    public init(profile: Profile) {
        self.init(description: Self.description(of: profile))
    }

    /// The journal a refresh courier writes for its caller, who names it.
    public init(description: String) {
        self.description = description
    }

    public static func description(of profile: Profile) -> String {
        "authhelper-journal:\(profile.name):\(profile.username)@\(profile.server)"
    }

    /// Keeps `session` (rotated from `spent`) before the store is written. False when it could
    /// not: the caller goes on without it.
    @discardableResult
    public func record(_ session: StoredSession, rotatedFrom spent: StoredSession) -> Bool {
        guard let replaces = RefreshJournalEntry.fingerprint(of: spent.refreshToken) else { return false }
        return seal([("version", .number(1)), ("replaces", .string(replaces)), ("session", .string(session.serialized))])
    }

    /// Keeps the server's answer to the refresh of the session whose refresh token has the
    /// fingerprint `replaces` (the courier's, before its caller reads the answer). False when it
    /// could not, or when the body is not text (no token response is anything else).
    @discardableResult
    public func record(_ answer: JournaledAnswer, replaces: String) -> Bool {
        guard let body = String(validating: answer.body, as: UTF8.self) else { return false }
        return seal([
            ("version", .number(2)), ("replaces", .string(replaces)), ("status", .number(Double(answer.status))),
            ("body", .string(body)), ("received_at", .number(Double(answer.receivedAt))),
            ("profile_default", .bool(answer.profileDefault)),
        ])
    }

    /// Seals `members` under the journal key into this journal's kernel key (replacing any).
    private func seal(_ members: [(String, JSONValue)]) -> Bool {
        guard let keyring = Self.keyring(), var key = Self.sealingKey(in: keyring, creating: true) else { return false }
        defer { SecretBytes.wipe(&key) }
        var payload = Array(JSONValue.object(members).serialized.utf8)
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
        guard let plain = opened, let document = try? JSONValue.parse(plain), let entry = Self.entry(in: document) else {
            clear()  // not one of ours to act on: never replayed
            return nil
        }
        return entry
    }

    /// Version 1: the rotated pair; version 2: the server's answer (the courier's).
    private static func entry(in document: JSONValue) -> RefreshJournalEntry? {
        guard let replaces = document["replaces"]?.stringValue else { return nil }
        switch document["version"]?.integerValue {
        case 1:
            guard let text = document["session"]?.stringValue, let session = StoredSession(serialized: text) else { return nil }
            return RefreshJournalEntry(replaces: replaces, session: session)
        case 2:
            guard let status = document["status"]?.integerValue, let body = document["body"]?.stringValue,
                let receivedAt = document["received_at"]?.integerValue, case .bool(let profileDefault)? = document["profile_default"]
            else { return nil }
            let answer = JournaledAnswer(
                status: Int(status), body: Array(body.utf8), receivedAt: receivedAt, profileDefault: profileDefault)
            return RefreshJournalEntry(replaces: replaces, answer: answer)
        default:
            return nil
        }
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
