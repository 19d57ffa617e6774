import CKeyring

#if canImport(Glibc)
    import Glibc
#endif

/// A profile's session for machines without a Secret Service (an SSH session, a headless box, a
/// container): a random 32-byte key in the user's persistent kernel keyring, readable by this
/// user only, and the session document sealed under it (AES-256-GCM) in a 0600 file in the state
/// folder. It survives logging out and back in (the persistent keyring outlives sessions; new
/// SSH sessions of the same user find it) and is gone at reboot — the key goes, and the sealed
/// file with it is of no use to anyone — log in once per boot on such a machine. Where the kernel
/// has no persistent keyrings, the user keyring (gone when the user's last process ends).
///
/// Why the session is not in the key itself: a user's kernel keys share a quota of 20000 bytes
/// (`/proc/sys/kernel/keys/maxbytes`) with Kerberos caches, fscrypt and other tools, and an
/// identity provider's tokens with group claims are kilobytes each: two such profiles filled it.
/// A key costs its description and 32 bytes; a refresh rewrites only the file, so it never needs
/// quota (MSAL's Linux cache made the same choice for the same limit). Keys written whole by an
/// older authhelper are still read, and become sealing keys at the next save.
public struct KernelKeyringStore: SecretStore {
    public let profile: String
    /// `authhelper:<profile>:<username>@<server>`: like the keyring item's attributes, the server
    /// is part of the name, so an edited server never gets another's refresh token. The sealed
    /// file is bound to it too (the cipher's authenticated context).
    public let description: String
    /// The sealed session: one file per key description and machine, so a re-login to another
    /// server never overwrites the session it is replacing, and a home folder shared between
    /// machines (each with its own kernel, so its own key) keeps one file per machine.
    public let sealedFile: String
    let directory: String

    /// What an older authhelper wrote into the key itself (a few kilobytes; the kernel's own limit
    /// for a user key is 32 KiB).
    static let maxPayload = 32 * 1024
    /// The sealed file's first line names its format and its key's serial number, so that later
    /// calls reach the key directly: no search, so no link into a keyring of this process, so no
    /// quota — a refresh and a logout work when other programs have filled it.
    static let format = "authhelper-sealed-1"

    public init(profile: Profile, paths: Paths) {
        self.profile = profile.name
        self.description = "authhelper:\(profile.name):\(profile.username)@\(profile.server)"
        self.directory = paths.stateDirectory
        self.sealedFile = paths.sealedSessionFile(profile: profile.name, key: Self.fileTag(description, machine: Self.machineName()))
    }

    public var location: String { "the kernel keyring (persistent: survives logout, not reboot)" }

    /// Before a login sends a password: the folder, what is stored, and — for a first login — the
    /// key, made now, so that a full key quota is told before the password is spent.
    public func probe() throws(AuthError) -> StoredSession? {
        try SecureFiles.ensurePrivateDirectory(directory)
        let session = try load()
        if session == nil {
            var key = try sealingKey(in: try openKeyring())
            SecretBytes.wipe(&key.payload)
        }
        return session
    }

    public func load() throws(AuthError) -> StoredSession? {
        let sealed = try readSealedFile()
        if let sealed, var key = try key(serial: sealed.serial) {
            defer { SecretBytes.wipe(&key) }
            return try open(sealed, with: key)
        }
        // No sealed file, or its key is not where it says: look in the persistent keyring.
        guard var found = try findKey(in: try openKeyring(), doing: "read the session of profile '\(profile)'") else {
            // The key is gone (a reboot): what was sealed under it can never be opened again.
            try? SecureFiles.remove(sealedFile)
            return nil
        }
        defer { SecretBytes.wipe(&found.payload) }
        guard found.payload.count == Crypto.keySize else { return try Self.legacySession(found.payload, profile: profile) }
        guard let sealed else { return nil }
        return try open(sealed, with: found.payload)
    }

    public func save(_ session: StoredSession) throws(AuthError) {
        try SecureFiles.ensurePrivateDirectory(directory)
        var document = Array(session.serialized.utf8)
        defer { SecretBytes.wipe(&document) }
        // A refresh: the key the sealed file names, reached directly (no quota needed).
        if let sealed = try? readSealedFile(), var key = try key(serial: sealed.serial) {
            defer { SecretBytes.wipe(&key) }
            try writeSealedFile(document, key: key, serial: sealed.serial)
            return
        }
        // A first save: find or create the key. Two first logins of one profile at the same
        // moment each create one, and the later add_key replaces the earlier one's payload: the
        // file must end sealed under the key that stays, so the key is read again after the
        // write, and the file resealed if it changed.
        let keyring = try openKeyring()
        var key = try sealingKey(in: keyring)
        defer { SecretBytes.wipe(&key.payload) }
        for _ in 0..<3 {
            try writeSealedFile(document, key: key.payload, serial: key.serial)
            guard var current = try findKey(in: keyring, doing: "store the session of profile '\(profile)'"),
                current.payload.count == Crypto.keySize
            else {
                throw .failure(
                    "The kernel key of profile '\(profile)' vanished while its session was stored; run `authhelper login` again.")
            }
            if current.payload == key.payload, current.serial == key.serial {
                SecretBytes.wipe(&current.payload)
                return
            }
            SecretBytes.wipe(&key.payload)
            key = current
        }
        throw .failure("The kernel key of profile '\(profile)' kept changing while its session was stored; run `authhelper login` again.")
    }

    @discardableResult
    public func delete() throws(AuthError) -> Bool {
        var serial: Int?
        if let sealed = try? readSealedFile(), var key = try key(serial: sealed.serial) {
            SecretBytes.wipe(&key)
            serial = sealed.serial
        } else if var found = try findKey(in: try openKeyring(), doing: "delete the session of profile '\(profile)'") {
            SecretBytes.wipe(&found.payload)
            serial = found.serial
        }
        if let serial {
            // Invalidated, not unlinked: needs no possession of the keyring, so no quota.
            let result = ah_keyring_invalidate(serial)
            guard result >= 0 else { throw refusal(Int32(-result), doing: "delete the session of profile '\(profile)'") }
        }
        var deleted = serial != nil
        if case .contents = SecureFiles.read(sealedFile, limit: 1 << 20, requirePrivate: false) {
            try SecureFiles.remove(sealedFile)
            deleted = true
        }
        return deleted
    }

    // MARK: Steps

    /// A key of the kernel: its serial number and payload (the caller wipes it).
    struct FoundKey {
        let serial: Int
        var payload: [UInt8]
    }

    /// The sealed file's parts: the serial number of its key and the sealed document.
    struct SealedFile {
        let serial: Int
        let sealed: [UInt8]
    }

    /// The sealing key when there is one; else a new one, stored (replacing a whole session an
    /// older authhelper kept in the key). Only a first save adds a key: a refresh never needs quota.
    private func sealingKey(in keyring: Int) throws(AuthError) -> FoundKey {
        if var existing = try findKey(in: keyring, doing: "store the session of profile '\(profile)'") {
            if existing.payload.count == Crypto.keySize { return existing }
            SecretBytes.wipe(&existing.payload)
        }
        let key = try Crypto.newKey(for: "The kernel keyring store")
        // add_key replaces the payload of an existing key atomically.
        let serial = key.withUnsafeBytes { ah_keyring_store(keyring, description, $0.baseAddress, $0.count) }
        guard serial >= 0 else { throw refusal(Int32(-serial), doing: "store the session of profile '\(profile)'") }
        return FoundKey(serial: serial, payload: key)
    }

    /// The sealing key with this serial number, if that key is this profile's: a `user` key of
    /// this user with this store's description (a serial number from an earlier boot may have
    /// been given to another key since). Needs the key's view and read permissions only.
    private func key(serial: Int) throws(AuthError) -> [UInt8]? {
        var text = [CChar](repeating: 0, count: 4096)
        let length = ah_keyring_describe(serial, &text, text.count)
        guard length > 0, length <= text.count else { return nil }
        let fields = stringFromCBuffer(text).split(separator: ";", maxSplits: 4)
        guard fields.count == 5, fields[0] == "user", fields[1] == "\(getuid())", fields[4] == description else { return nil }
        guard var payload = try readPayload(serial, doing: "read the session of profile '\(profile)'") else { return nil }
        guard payload.count == Crypto.keySize else {
            SecretBytes.wipe(&payload)
            return nil
        }
        return payload
    }

    /// The sealed file's serial number and sealed bytes; nil when there is none.
    private func readSealedFile() throws(AuthError) -> SealedFile? {
        switch SecureFiles.read(sealedFile, limit: 1 << 20, requirePrivate: true) {
        case .missing:
            return nil
        case .untrusted(let reason):
            throw .failure("The sealed session of profile '\(profile)' is not safe to use (\(reason)); it was left as it is.")
        case .contents(let bytes):
            guard let newline = bytes.prefix(64).firstIndex(of: 0x0A) else { throw unreadable() }
            let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 2, header[0] == Self.format, header[1].hasPrefix("key="), let serial = Int(header[1].dropFirst(4)) else {
                throw unreadable()
            }
            return SealedFile(serial: serial, sealed: Array(bytes[(newline + 1)...]))
        }
    }

    private func writeSealedFile(_ document: [UInt8], key: [UInt8], serial: Int) throws(AuthError) {
        let sealed = try Crypto.seal(document, key: key, context: Array(description.utf8), for: "The kernel keyring store")
        // Not fsynced: a crash that loses the write is a reboot, and a reboot takes the key.
        try SecureFiles.writeAtomically(sealedFile, Array("\(Self.format) key=\(serial)\n".utf8) + sealed, durable: false)
    }

    /// The session sealed in `file`, opened with `key`.
    private func open(_ file: SealedFile, with key: [UInt8]) throws(AuthError) -> StoredSession {
        guard var document = try Crypto.unseal(file.sealed, key: key, context: Array(description.utf8), for: "The kernel keyring store")
        else {
            throw .failure(
                """
                The sealed session \(sealedFile) of profile '\(profile)' does not open with its kernel key (altered, or sealed under \
                another key); it was left as it is. Run `authhelper login` to replace it.
                """
            )
        }
        defer { SecretBytes.wipe(&document) }
        guard let session = StoredSession(serializedBytes: document) else { throw unreadable() }
        return session
    }

    private func unreadable() -> AuthError {
        .failure(
            """
            The sealed session \(sealedFile) of profile '\(profile)' is not in a format this authhelper understands; it was left as \
            it is. Run `authhelper login` to replace it.
            """
        )
    }

    /// A session an older authhelper kept whole in the key.
    private static func legacySession(_ payload: [UInt8], profile: String) throws(AuthError) -> StoredSession {
        guard let session = StoredSession(serializedBytes: payload) else {
            throw .failure(
                """
                The kernel key for profile '\(profile)' is not in a format this authhelper understands; it was left as it is. Run \
                `authhelper login` to replace it.
                """
            )
        }
        return session
    }

    /// This profile's key in `keyring` and its payload; nil when there is none.
    private func findKey(in keyring: Int, doing what: String) throws(AuthError) -> FoundKey? {
        guard let serial = try find(in: keyring, doing: what), let payload = try readPayload(serial, doing: what) else { return nil }
        return FoundKey(serial: serial, payload: payload)
    }

    /// A key's payload; nil when the key is gone (expired, revoked, invalidated, unlinked).
    private func readPayload(_ key: Int, doing what: String) throws(AuthError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: Self.maxPayload)
        defer { SecretBytes.wipe(&buffer) }
        let length = buffer.withUnsafeMutableBytes { ah_keyring_read(key, $0.baseAddress, $0.count) }
        if Self.isGone(length) { return nil }
        guard length >= 0 else { throw refusal(Int32(-length), doing: what) }
        guard length <= Self.maxPayload else {
            throw .failure(
                """
                The kernel key for profile '\(profile)' is larger than any authhelper writes; it was left as it is. Run `authhelper \
                login` to replace it.
                """
            )
        }
        return Array(buffer[0..<length])
    }

    private static func isGone(_ result: Int) -> Bool {
        result == -Int(ENOKEY) || result == -Int(EKEYEXPIRED) || result == -Int(EKEYREVOKED)
    }

    /// This profile's key in `keyring`; nil when there is none (or it expired or was revoked).
    private func find(in keyring: Int, doing what: String) throws(AuthError) -> Int? {
        let key = ah_keyring_search(keyring, description)
        if Self.isGone(key) { return nil }
        guard key >= 0 else { throw refusal(Int32(-key), doing: what) }
        return key
    }

    private func openKeyring() throws(AuthError) -> Int {
        var persistent: Int32 = 0
        let keyring = ah_keyring_open(&persistent)
        guard keyring >= 0 else { throw refusal(Int32(-keyring), doing: "open the kernel keyring") }
        return keyring
    }

    /// 16 hex digits naming the sealed file of `description` on `machine`: FNV-1a, a name and not
    /// a secret (the file is bound to its description by the cipher, whatever its name).
    static func fileTag(_ description: String, machine: String) -> String {
        FNV1a.hex64(machine.utf8 + [0] + description.utf8)
    }

    private static func machineName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "" }
        return stringFromCBuffer(name)
    }

    /// The kernel's refusal, with its cause and the choices left. Docker's default seccomp profile
    /// answers keyctl with EPERM (or ENOSYS): that is named, not guessed around — and so is why
    /// Docker blocks it, before anyone loosens the profile.
    func refusal(_ code: Int32, doing what: String) -> AuthError {
        let reason = String(cString: strerror(code))
        if code == EPERM || code == ENOSYS || code == EACCES {
            return .unavailable(
                """
                Cannot \(what): the kernel refuses keyring calls here (\(reason)); containers under Docker's default seccomp profile \
                do, because keyrings are not namespaced: without user-namespace remapping, a process with your UID in another \
                container or on the host reaches the same persistent keyring. Choices: run where a Secret Service answers, enable \
                user-namespace remapping (then allowing the keyctl and add_key system calls in the seccomp profile keeps each \
                container's keys apart), or opt into the unencrypted file store with AUTHHELPER_STORE=file.
                """
            )
        }
        if code == EDQUOT {
            return .unavailable(
                "Cannot \(what): the kernel keyring quota of this user is full (\(reason)); see /proc/sys/kernel/keys/maxbytes.")
        }
        return .failure("Cannot \(what): \(reason).")
    }
}
