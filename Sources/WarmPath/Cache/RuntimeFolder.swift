#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// `$XDG_RUNTIME_DIR/authhelper`, the folder the front trusts: every file authhelper keeps there
/// named once (`File`), and the one writer and remover of them. The front reads through the
/// same names, so what authhelper-full writes and what the front looks for cannot drift apart.
///
/// Locks and short-lived scratch files (exec's token file, curl's header dump and held-back
/// output) live here too when there is a runtime folder, else in the state folder (`work`).
public struct RuntimeFolder: Sendable {
    /// The runtime folder, or nil where there is none this user may trust (Paths).
    public let path: String?
    /// Where locks and scratch files go: the runtime folder, else the state folder.
    public let work: String

    public init(path: String?, work: String) {
        self.path = path
        self.work = work
    }

    /// What lives in the folder.
    public enum File: Equatable, Sendable {
        /// A cached access token: `<profile>[@agent|@dpop][+<audience>]` (RuntimeCache).
        case entry(name: String, audience: Audience)
        /// Which profile the config names as default (`.default-profile`).
        case defaultProfileRecord
        /// Which profile claims which registry (`.registries`, RegistryRecord).
        case registryRecord
        /// The broker's answers to the tools' lookups (`.tool-claims`, ToolClaimRecord).
        case toolClaimRecord
        /// The DPoP nonces servers gave, per origin (`.dpop-nonces`).
        case dpopNonces
        /// `authhelper agent`'s socket by default (also where a forwarded one is looked for).
        case agentSocket
        /// A profile's refresh lock (in `work`).
        case lock(profile: String)
        /// A short-lived private file of this process (in `work`): `exec-PID.token`,
        /// `curl-headers.PID`.
        case scratch(String)
    }

    public static let agentSocketName = "agent.sock"

    /// Where `file` is; nil for a file of the runtime folder when there is none.
    public func location(of file: File) -> String? {
        switch file {
        case .entry(let name, let audience): path.map { "\($0)/\(name)\(audience.cacheSuffix)" }
        case .defaultProfileRecord: path.map { "\($0)/.default-profile" }
        case .registryRecord: path.map { "\($0)/.registries" }
        case .toolClaimRecord: path.map { "\($0)/.tool-claims" }
        case .dpopNonces: path.map { "\($0)/.dpop-nonces" }
        case .agentSocket: path.map { "\($0)/\(Self.agentSocketName)" }
        case .lock(let profile): "\(work)/\(profile).lock"
        case .scratch(let name): "\(work)/\(name)"
        }
    }

    /// The folder `file` lives in.
    private func folder(of file: File) -> String? {
        switch file {
        case .lock, .scratch: work
        default: path
        }
    }

    /// Reads `file` if it is a private regular file of this user (SecureFiles.read).
    public func read(_ file: File, limit: Int) -> SecureFiles.ReadResult {
        guard let location = location(of: file) else { return .missing }
        return SecureFiles.read(location, limit: limit, requirePrivate: true)
    }

    /// Writes `file` whole (0600, replaced atomically, never through a symlink); nothing without
    /// a runtime folder for a file that lives there. tmpfs: no fsync, the store holds the truth.
    public func write(_ file: File, _ bytes: [UInt8]) throws(AuthError) {
        guard let folder = folder(of: file), let location = location(of: file) else { return }
        try SecureFiles.ensurePrivateDirectory(folder)
        try SecureFiles.writeAtomically(location, bytes, durable: false)
    }

    /// Removes `file` if it is there.
    public func remove(_ file: File) throws(AuthError) {
        guard let location = location(of: file) else { return }
        try SecureFiles.remove(location)
    }

    /// Every entry of `profile` (its own name), whatever its kind or audience: `profile`,
    /// `profile+…`, `profile@agent[+…]`, `profile@dpop[+…]`. Files a writer has not finished
    /// (SecureFiles.isTemporary) are no entry.
    public func entryNames(of profile: String) -> [String] {
        guard let path, let names = try? SecureFiles.listDirectory(path) else { return [] }
        let kinds = [profile, profile + RuntimeCache.forwardedSuffix, profile + RuntimeCache.dpopSuffix]
        return names.filter { name in
            !SecureFiles.isTemporary(name) && kinds.contains { name == $0 || name.hasPrefix($0 + "+") }
        }.sorted()
    }

    /// Removes every entry of `profile`, whatever its kind (logout, forget).
    public func removeEveryEntry(of profile: String) throws(AuthError) {
        guard let path else { return }
        for name in entryNames(of: profile) { try SecureFiles.remove(path + "/" + name) }
    }

    /// The audiences' entries named `name` (one kind: `name+…`), each as read.
    public func audienceEntries(named name: String, limit: Int) -> [SecureFiles.ReadResult] {
        guard let path else { return [] }
        return entryNames(of: name).filter { $0.hasPrefix(name + "+") }.map {
            SecureFiles.read(path + "/" + $0, limit: limit, requirePrivate: true)
        }
    }

    /// Removes the entries named `name` (one kind): its own and every audience's.
    public func removeEntries(named name: String) throws(AuthError) {
        try remove(.entry(name: name, audience: .profileDefault))
        guard let path else { return }
        for file in entryNames(of: name) where file.hasPrefix(name + "+") { try SecureFiles.remove(path + "/" + file) }
    }

    /// Opens (creating, 0600) the refresh lock of `profile`: a regular file of this user, never a
    /// FIFO or a link planted in its place (O_NONBLOCK, so a FIFO is refused, not waited on).
    public func openLock(profile: String) throws(AuthError) -> Int32 {
        try SecureFiles.ensurePrivateDirectory(work)
        let location = location(of: .lock(profile: profile)) ?? ""
        let fd = open(location, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o600)
        guard fd >= 0 else { throw .failure("Cannot open the lock file \(location): \(SecureFiles.errnoText()).") }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == getuid() else {
            close(fd)
            throw .failure("The lock file \(location) is not a regular file of yours; remove it and retry.")
        }
        return fd
    }

    /// A private file only this process holds (created exclusively, unlinked at once, so it
    /// vanishes with the process however it ends): curl's held-back output.
    public func openAnonymous(_ prefix: String) throws(AuthError) -> Int32 {
        try SecureFiles.ensurePrivateDirectory(work)
        let location = "\(work)/\(prefix).\(getpid()).\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        let fd = open(location, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .failure("Cannot create a private temporary file in \(work): \(SecureFiles.errnoText()).") }
        unlink(location)
        return fd
    }
}
