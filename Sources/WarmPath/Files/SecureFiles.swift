#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// The file rules of the contract in one place: folders 0700, files 0600, created exclusively,
/// never through a symlink, replaced atomically.
public enum SecureFiles {
    public static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Creates `path` and missing parents as 0700 folders, then checks that `path` is a real folder
    /// (not a symlink) owned by this user. A folder of ours that others can read is tightened.
    public static func ensurePrivateDirectory(_ path: String) throws(AuthError) {
        var st = stat()
        if lstat(path, &st) != 0 {
            guard errno == ENOENT else { throw .failure("Cannot inspect \(path): \(errnoText()).") }
            let parent = parentOf(path)
            if parent != path, !parent.isEmpty, access(parent, F_OK) != 0 {
                try ensureDirectoryExists(parent)
            }
            if mkdir(path, 0o700) != 0, errno != EEXIST {
                throw .failure("Cannot create the folder \(path): \(errnoText()).")
            }
            guard lstat(path, &st) == 0 else { throw .failure("Cannot inspect \(path): \(errnoText()).") }
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw .failure("\(path) should be a folder of authhelper's but is a symlink or a file; remove it and retry.")
        }
        guard st.st_uid == getuid() else {
            throw .failure("\(path) belongs to another user; authhelper keeps its files only in folders of your own.")
        }
        if st.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            throw .failure("Cannot make \(path) private (chmod 700): \(errnoText()).")
        }
    }

    /// `mkdir -p` with 0700 for every folder it creates (existing parents are left as they are).
    private static func ensureDirectoryExists(_ path: String) throws(AuthError) {
        if access(path, F_OK) == 0 { return }
        let parent = parentOf(path)
        if parent != path, !parent.isEmpty { try ensureDirectoryExists(parent) }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw .failure("Cannot create the folder \(path): \(errnoText()).")
        }
    }

    public static func parentOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// What reading a private file found.
    public enum ReadResult {
        case missing
        case contents([UInt8])
        /// The file exists but is not a regular file of ours with mode 0600 (or is too large).
        case untrusted(String)
    }

    /// Reads a file without following a symlink at its last component. With `requirePrivate`,
    /// a file that is not ours or that others can read is reported, not read.
    ///
    /// Opened without blocking and checked (a regular file, and with `requirePrivate` ours and
    /// private) before a byte is read: a FIFO planted in its place would otherwise hang the
    /// caller forever in open or read, a device would answer with anything.
    public static func read(_ path: String, limit: Int = 1 << 20, requirePrivate: Bool, followSymlink: Bool = false) -> ReadResult {
        var st = stat()
        return read(path, limit: limit, requirePrivate: requirePrivate, followSymlink: followSymlink, status: &st)
    }

    /// `read`, and the fingerprint (`fingerprint(_:)`'s form) of the very file read, from the
    /// descriptor it was read through: a decision made from these bytes is stamped with this,
    /// never with whatever file is at the path a moment later ("none" when there was none).
    public static func readStamped(_ path: String, limit: Int = 1 << 20, requirePrivate: Bool, followSymlink: Bool = false)
        -> (result: ReadResult, fingerprint: String)
    {
        var st = stat()
        let result = read(path, limit: limit, requirePrivate: requirePrivate, followSymlink: followSymlink, status: &st)
        guard case .contents = result else { return (result, "none") }
        return (result, fingerprint(of: st))
    }

    private static func read(_ path: String, limit: Int, requirePrivate: Bool, followSymlink: Bool, status st: inout stat) -> ReadResult {
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (followSymlink ? 0 : O_NOFOLLOW)
        let fd = open(path, flags)
        if fd < 0 {
            if errno == ENOENT { return .missing }
            if errno == ELOOP { return .untrusted("\(path) is a symlink") }
            return .untrusted("cannot open \(path): \(errnoText())")
        }
        defer { close(fd) }
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            return .untrusted("\(path) is not a regular file (a FIFO, socket or device is never read)")
        }
        if requirePrivate {
            guard st.st_uid == getuid() else { return .untrusted("\(path) belongs to another user") }
            guard st.st_mode & 0o077 == 0 else { return .untrusted("\(path) is readable by others") }
        }
        guard let bytes = FileDescriptorIO.readAll(fd, limit: limit) else { return .untrusted("\(path) is too large or unreadable") }
        return .contents(bytes)
    }

    /// What a file's name carries while `writeAtomically` writes it (`NAME.tmp-PID-RANDOM`), until
    /// it is renamed into place.
    static let temporaryInfix = ".tmp-"

    /// Whether a folder entry's name is a file `writeAtomically` has not finished (or a writer
    /// killed before its rename left behind): never an entry to read.
    public static func isTemporary(_ name: String) -> Bool {
        let name = Array(name.utf8)
        let infix = Array(temporaryInfix.utf8)
        guard name.count >= infix.count else { return false }
        return (0...(name.count - infix.count)).contains { name[$0..<($0 + infix.count)].elementsEqual(infix) }
    }

    /// Replaces `path` atomically with a new 0600 file: written beside it under a unique name
    /// (O_CREAT|O_EXCL|O_NOFOLLOW), then renamed over. A symlink at `path` is refused rather than
    /// replaced, so a planted link is noticed. `durable` (what must survive a power cut: the
    /// config, the file store): the file is fsynced before the rename and its folder after it, so
    /// the rename itself is on disk — without the folder's fsync a crash can bring the old file
    /// back, or none.
    /// Returns the fingerprint of the file written (`fingerprint(_:)`'s form), taken from its own
    /// descriptor: the rename keeps device, inode, size and modification time.
    @discardableResult
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], durable: Bool) throws(AuthError) -> String {
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            throw .failure("\(path) is a symlink; authhelper does not write through links. Remove it and retry.")
        }
        // pid + a random suffix: unique among concurrent writers; O_EXCL catches the rest.
        let temporary = "\(path)\(temporaryInfix)\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .failure("Cannot create \(temporary): \(errnoText()).") }
        var ok = FileDescriptorIO.writeAll(fd, bytes)
        if ok, durable { ok = fsync(fd) == 0 }
        var written = stat()
        if ok { ok = fstat(fd, &written) == 0 }
        let writeError = errnoText()
        close(fd)
        guard ok else {
            unlink(temporary)
            throw .failure("Cannot write \(path): \(writeError).")
        }
        guard rename(temporary, path) == 0 else {
            let text = errnoText()
            unlink(temporary)
            throw .failure("Cannot replace \(path): \(text).")
        }
        if durable { try syncFolder(of: path) }
        return fingerprint(of: written)
    }

    /// fsync of `path`'s folder, which makes a rename in it durable. A file system that cannot
    /// sync a folder (EINVAL, EROFS) has nothing more to give; only an I/O error is one.
    private static func syncFolder(of path: String) throws(AuthError) {
        let folder = parentOf(path)
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .failure("Cannot open \(folder) to make \(path) durable: \(errnoText()).") }
        defer { close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL || errno == EROFS else {
            throw .failure("Cannot make \(path) durable (fsync of \(folder)): \(errnoText()).")
        }
    }

    /// The names in a folder, without `.` and `..`; a missing folder has none.
    public static func listDirectory(_ path: String) throws(AuthError) -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return [] }
            throw .failure("Cannot read the folder \(path): \(errnoText()).")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) throws(AuthError) {
        if unlink(path) != 0, errno != ENOENT {
            throw .failure("Cannot remove \(path): \(errnoText()).")
        }
    }

    /// Identity of a file as (device, inode, size, mtime): changes whenever the file is edited or replaced.
    public static func fingerprint(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "none" }
        return fingerprint(of: st)
    }

    /// Device, inode, size and modification time: what changes when a file is edited or replaced.
    private static func fingerprint(of st: stat) -> String {
        "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }
}
