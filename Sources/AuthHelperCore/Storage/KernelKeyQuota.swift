#if canImport(Glibc)
    import Glibc
#endif

/// This user's kernel key quota, as /proc/key-users tells it (keyrings(7)): a user has 20000
/// bytes by default (root 25 MB). A kernel-store session costs one key of about a hundred bytes
/// (the pair itself is sealed in a file), so a full quota refuses the next login, not a refresh.
public struct KernelKeyQuota: Equatable, Sendable {
    public let usedBytes: Int
    public let maxBytes: Int

    public var bytesLeft: Int { max(0, maxBytes - usedBytes) }

    /// What a login's key needs, with room: its description and 32 bytes, and a keyring link.
    public static let enoughForALogin = 256

    /// The quota of the calling user, or nil where /proc/key-users cannot be read.
    public static func current() -> KernelKeyQuota? {
        guard case .contents(let bytes) = SecureFiles.read("/proc/key-users", limit: 1 << 20, requirePrivate: false) else { return nil }
        return parse(String(decoding: bytes, as: UTF8.self), uid: getuid())
    }

    /// A line `  999:     4 4/4 3/200 31/20000`: uid, usage, keys, keys/max keys, bytes/max bytes.
    public static func parse(_ text: String, uid: uid_t) -> KernelKeyQuota? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, fields[0] == "\(uid):" else { continue }
            let bytes = fields[4].split(separator: "/")
            guard bytes.count == 2, let used = Int(bytes[0]), let max = Int(bytes[1]) else { return nil }
            return KernelKeyQuota(usedBytes: used, maxBytes: max)
        }
        return nil
    }
}
