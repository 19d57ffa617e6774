import CKeyring

#if canImport(Glibc)
    import Glibc
#endif

/// A profile's secret document in the kernel keyring, for machines without a Secret Service (an
/// SSH session, a headless box, a container): one `user` key in the user's persistent keyring,
/// readable by this user only. It survives logging out and back in (the persistent keyring
/// outlives sessions; new SSH sessions of the same user find it) and is gone at reboot — log in
/// once per boot on such a machine. Where the kernel has no persistent keyrings, the user
/// keyring (gone when the user's last process ends).
public struct KernelKeyringStore: SecretStore {
    public let profile: String
    /// `authhelper:<profile>:<username>@<server>`: like the keyring item's attributes, the server
    /// is part of the name, so an edited server never gets another's refresh token.
    public let description: String

    /// A session document is a few kilobytes; the kernel's own limit for a user key is 32 KiB.
    static let maxPayload = 32 * 1024

    public init(profile: Profile) {
        self.profile = profile.name
        self.description = "authhelper:\(profile.name):\(profile.username)@\(profile.server)"
    }

    public var location: String { "the kernel keyring (persistent: survives logout, not reboot)" }

    public func probe() throws(AuthError) -> StoredSession? { try load() }

    public func load() throws(AuthError) -> StoredSession? {
        guard let key = try find(in: try open(), doing: "read the session of profile '\(profile)'") else { return nil }
        var buffer = [UInt8](repeating: 0, count: Self.maxPayload)
        let length = buffer.withUnsafeMutableBytes { ah_keyring_read(key, $0.baseAddress, $0.count) }
        guard length >= 0 else { throw refusal(Int32(-length), doing: "read the session of profile '\(profile)'") }
        guard length <= Self.maxPayload, let text = String(validating: buffer[0..<Int(length)], as: UTF8.self),
            let session = StoredSession(serialized: text)
        else {
            throw .failure("The kernel key for profile '\(profile)' is not in a format this authhelper understands; it was left as it is. Run `authhelper login` to replace it.")
        }
        return session
    }

    public func save(_ session: StoredSession) throws(AuthError) {
        let keyring = try open()
        let payload = Array(session.serialized.utf8)
        // add_key replaces the payload of an existing key atomically: a reader sees the old pair
        // or the new one, never a mix.
        let key = payload.withUnsafeBytes { ah_keyring_store(keyring, description, $0.baseAddress, $0.count) }
        guard key >= 0 else { throw refusal(Int32(-key), doing: "store the session of profile '\(profile)'") }
    }

    @discardableResult
    public func delete() throws(AuthError) -> Bool {
        let keyring = try open()
        guard let key = try find(in: keyring, doing: "delete the session of profile '\(profile)'") else { return false }
        let result = ah_keyring_unlink(key, keyring)
        guard result >= 0 else { throw refusal(Int32(-result), doing: "delete the session of profile '\(profile)'") }
        return true
    }

    /// This profile's key in `keyring`; nil when there is none (or it expired or was revoked).
    private func find(in keyring: Int, doing what: String) throws(AuthError) -> Int? {
        let key = ah_keyring_search(keyring, description)
        if key == -Int(ENOKEY) || key == -Int(EKEYEXPIRED) || key == -Int(EKEYREVOKED) { return nil }
        guard key >= 0 else { throw refusal(Int32(-key), doing: what) }
        return key
    }

    private func open() throws(AuthError) -> Int {
        var persistent: Int32 = 0
        let keyring = ah_keyring_open(&persistent)
        guard keyring >= 0 else { throw refusal(Int32(-keyring), doing: "open the kernel keyring") }
        return keyring
    }

    /// The kernel's refusal, with its cause and the choices left. Docker's default seccomp profile
    /// answers keyctl with EPERM (or ENOSYS): that is named, not guessed around — and so is why
    /// Docker blocks it, before anyone loosens the profile.
    func refusal(_ code: Int32, doing what: String) -> AuthError {
        let reason = String(cString: strerror(code))
        if code == EPERM || code == ENOSYS || code == EACCES {
            return .unavailable(
                "Cannot \(what): the kernel refuses keyring calls here (\(reason)); containers under Docker's default seccomp profile do, because keyrings are not namespaced: without user-namespace remapping, a process with your UID in another container or on the host reaches the same persistent keyring. Choices: run where a Secret Service answers, enable user-namespace remapping (then allowing the keyctl and add_key system calls in the seccomp profile keeps each container's keys apart), or opt into the unencrypted file store with AUTHHELPER_STORE=file."
            )
        }
        if code == EDQUOT {
            return .unavailable("Cannot \(what): the kernel keyring quota of this user is full (\(reason)); see /proc/sys/kernel/keys/maxbytes.")
        }
        return .failure("Cannot \(what): \(reason).")
    }
}
