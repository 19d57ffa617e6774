import CLibSecret
import Synchronization

/// A profile's secret in the Secret Service (GNOME Keyring, KWallet, KeePassXC) via libsecret.
///
/// One item per profile, schema `io.github.authhelper.Profile`, attributes `profile`, `server`,
/// `username`. All three are matched on lookup, so a profile whose server was edited in the
/// config never sends its refresh token to the new host.
public struct SecretServiceStore: SecretStore {
    public let profile: String
    public let server: String
    public let username: String
    /// Every D-Bus call is bounded, so a stuck keyring cannot freeze a shell command.
    public let timeoutMilliseconds: Int32
    /// Whether a locked keyring may be unlocked through the Secret Service's prompt (a desktop
    /// dialog). Only when a person is at a terminal: a cron job or CI run gets "locked" at once.
    public let mayPrompt: Bool
    /// The item the last read of this store came from, handed to the store that follows it (a
    /// refresh's new pair replaces that item's secret directly).
    private let readItem = ReadItem()

    public init(profile: Profile, mayPrompt: Bool, timeoutMilliseconds: Int32 = 20_000) {
        self.profile = profile.name
        self.server = profile.server.description
        self.username = profile.username
        self.mayPrompt = mayPrompt
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var location: String { "the keyring (Secret Service)" }

    /// The label users see in Seahorse or KeePassXC.
    var label: String { "authhelper: \(username.isEmpty ? "profile \(profile)" : username) on \(server)" }

    /// One lookup both proves the Secret Service usable and reads the item.
    public func probe() throws(AuthError) -> StoredSession? {
        try load()
    }

    public func load() throws(AuthError) -> StoredSession? {
        guard var document = try lookup() else { return nil }
        defer { SecretBytes.wipe(&document) }
        guard let session = StoredSession(serializedBytes: document) else {
            throw .failure(
                """
                The keyring item for profile '\(profile)' is not in a format this authhelper understands; it was left as it is. Run \
                `authhelper login` to replace it.
                """
            )
        }
        return session
    }

    public func save(_ session: StoredSession) throws(AuthError) {
        var message = [CChar](repeating: 0, count: 512)
        let status = readItem.withItem { item in
            withAttributes { attributes in
                ah_secret_store(attributes, item, label, session.serialized, timeoutMilliseconds, &message, message.count)
            }
        }
        if status != AH_SECRET_OK { throw map(status, message, doing: "store the session of profile '\(profile)'") }
    }

    @discardableResult
    public func delete() throws(AuthError) -> Bool {
        var message = [CChar](repeating: 0, count: 512)
        let status = withAttributes { attributes in
            ah_secret_clear(attributes, timeoutMilliseconds, &message, message.count)
        }
        // The item is gone: a store after this (a re-login once a rejected session was removed)
        // creates a new one.
        readItem.replace(with: nil)
        switch status {
        case AH_SECRET_OK: return true
        case AH_SECRET_NOT_FOUND: return false
        default: throw map(status, message, doing: "delete the session of profile '\(profile)'")
        }
    }

    /// Whether a Secret Service answers on the session bus (a locked one does). One lookup that
    /// never unlocks.
    public var isReachable: Bool {
        let status = rawLookup(prompting: false, keepingItem: false).status
        return status != AH_SECRET_UNAVAILABLE && status != AH_SECRET_NO_LIBRARY
    }

    private func lookup() throws(AuthError) -> [UInt8]? {
        let (status, secret, message) = rawLookup(prompting: mayPrompt, keepingItem: true)
        switch status {
        case AH_SECRET_OK: return secret
        case AH_SECRET_NOT_FOUND: return nil
        default: throw map(status, message, doing: "read the session of profile '\(profile)'")
        }
    }

    /// One lookup through the shim: its status, the secret (copied into bytes the caller wipes, the
    /// C copy wiped and freed), its message.
    private func rawLookup(prompting: Bool, keepingItem: Bool) -> (status: ah_secret_status, secret: [UInt8]?, message: [CChar]) {
        var message = [CChar](repeating: 0, count: 512)
        var secret: UnsafeMutablePointer<CChar>?
        var item: OpaquePointer?
        let status = withAttributes { attributes in
            ah_secret_lookup(attributes, timeoutMilliseconds, prompting ? 1 : 0, &secret, &item, &message, message.count)
        }
        if keepingItem { readItem.replace(with: item) } else { ah_secret_item_free(item) }
        guard status == AH_SECRET_OK else { return (status, nil, message) }
        defer { ah_secret_free(secret) }
        return (status, secret.map { SecretBytes.copy(cString: $0) }, message)
    }

    private func withAttributes<T>(_ body: (UnsafePointer<ah_secret_attributes>) -> T) -> T {
        profile.withCString { p in
            server.withCString { s in
                username.withCString { u in
                    var attributes = ah_secret_attributes(profile: p, server: s, username: u)
                    return body(&attributes)
                }
            }
        }
    }

    private func map(_ status: ah_secret_status, _ message: [CChar], doing what: String) -> AuthError {
        let reason = stringFromCBuffer(message)
        switch status {
        case AH_SECRET_UNAVAILABLE, AH_SECRET_NO_LIBRARY:
            return .unavailable(SecretServiceStore.unavailableAdvice(reason, profile: profile, environment: .current()))
        case AH_SECRET_LOCKED:
            return .unavailable(
                """
                Cannot \(what): the keyring is locked (\(reason)). \(SecretServiceStore.lockedFix)
                """
            )
        case AH_SECRET_TIMEOUT:
            return .temporary(
                "Cannot \(what): the Secret Service did not answer within \(timeoutMilliseconds / 1000) s; nothing was changed, try again.")
        default:
            return .failure("Cannot \(what): \(reason).")
        }
    }

    /// The fix for a locked keyring (its error says it; doctor offers it).
    static let lockedFix = "Unlock it (log in to your desktop session, or unlock it in Seahorse) and retry."

    /// At most three lines: the profile, what was tried, and the one fix for the situation
    /// detected (an SSH login or no desktop: the kernel keyring; a desktop: its keyring).
    static func unavailableAdvice(_ reason: String, profile: String, environment: ProcessEnvironment) -> String {
        """
        No Secret Service is reachable for profile '\(profile)' (asked the session bus: \(printable(reason))).
        \(unreachableFix(profile: profile, environment: environment))
        """
    }

    /// The one fix for a Secret Service out of reach, for where this runs: an SSH login or no
    /// desktop, the kernel keyring; a desktop, its own keyring (the error and `doctor` say the same).
    static func unreachableFix(profile: String, environment: ProcessEnvironment) -> String {
        let remote = environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil
        let desktop = environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil
        let kernel = "keep the session in the kernel keyring: `AUTHHELPER_STORE=kernel authhelper login --profile \(profile)`."
        return
            remote || !desktop
            ? "No desktop keyring here\(remote ? " (an SSH login)" : ""): " + kernel
            : "Start or unlock your desktop's keyring (GNOME Keyring, KWallet, KeePassXC), then retry."
    }
}

/// The C item handle a read returned (ah_secret_item), owned here: replaced by the next read,
/// freed with the store. Kept as its address, which is Sendable (an OpaquePointer is not).
private final class ReadItem: Sendable {
    private let address = Mutex<UInt>(0)

    func replace(with new: OpaquePointer?) {
        let old = address.withLock { current in
            defer { current = UInt(bitPattern: new) }
            return current
        }
        ah_secret_item_free(OpaquePointer(bitPattern: old))
    }

    func withItem<T>(_ body: (OpaquePointer?) -> T) -> T {
        address.withLock { body(OpaquePointer(bitPattern: $0)) }
    }

    deinit { ah_secret_item_free(OpaquePointer(bitPattern: address.withLock { $0 })) }
}
