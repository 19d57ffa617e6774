#if canImport(Glibc)
    import Glibc
#endif

/// The agent's UNIX stream sockets: listening, connecting, and one bounded line read with a
/// deadline — so that a peer that sends nothing, too much or half a line costs a bounded time and
/// memory, and writes that never raise SIGPIPE at a peer that went away.
enum UnixSocket {
    /// What reading one line found.
    enum Line: Equatable {
        case line([UInt8])
        /// More than the limit before a newline.
        case tooLong
        /// The peer closed the connection before a whole line.
        case closed
        case timedOut
        case failed(Int32)
    }

    /// Whether `path` is a socket (not following a symlink).
    static func isSocket(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK
    }

    /// `sun_path` holds 108 bytes with the NUL.
    static let maxPath = 107

    private static func address(_ path: String) -> sockaddr_un? {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxPath else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        return address
    }

    /// A connected socket, or the errno of the failure (ENAMETOOLONG for a path too long).
    static func connect(to path: String) -> Result<Int32, SocketError> {
        guard var address = address(path) else { return .failure(SocketError(code: ENAMETOOLONG)) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(SocketError(code: errno)) }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            return .failure(SocketError(code: code))
        }
        return .success(fd)
    }

    /// A listening socket at `path`, mode 0600 (bound under a umask that leaves nothing for
    /// group and others, so there is no moment it is open to them).
    static func listen(at path: String, backlog: Int32) -> Result<Int32, SocketError> {
        guard var address = address(path) else { return .failure(SocketError(code: ENAMETOOLONG)) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(SocketError(code: errno)) }
        let previous = umask(0o177)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(previous)
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            return .failure(SocketError(code: code))
        }
        return .success(fd)
    }

    /// `struct ucred` (Linux), which the Glibc module leaves out (_GNU_SOURCE).
    private struct PeerCredentials {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// The user ID of the process at the other end (SO_PEERCRED), or nil.
    static func peerUID(_ fd: Int32) -> uid_t? {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0, length == MemoryLayout<PeerCredentials>.size else {
            return nil
        }
        return credentials.uid
    }

    /// The next connection, close-on-exec; nil when none is there or it failed.
    static func accept(_ listener: Int32) -> Int32? {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// Reads up to a newline (not included), at most `limit` bytes, until `deadline` (monotonic
    /// milliseconds). Byte by byte is not needed: one request per connection, so anything after
    /// the newline is the peer's mistake and ignored.
    static func readLine(_ fd: Int32, limit: Int, deadline: Double) -> Line {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = deadline - Clock.monotonicMilliseconds()
            guard remaining > 0 else { return .timedOut }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 60_000)))
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(errno)
            }
            if ready == 0 { continue }
            let count = recv(fd, &chunk, chunk.count, 0)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failed(errno)
            }
            if count == 0 { return .closed }
            if let newline = chunk[0..<count].firstIndex(of: 0x0A) {
                bytes += chunk[0..<newline]
                return bytes.count > limit ? .tooLong : .line(bytes)
            }
            bytes += chunk[0..<count]
            if bytes.count > limit { return .tooLong }
        }
    }

    /// Writes everything, never raising SIGPIPE (MSG_NOSIGNAL); false when the peer is gone.
    @discardableResult
    static func send(_ fd: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Bounds a blocking write to a peer that stops reading.
    static func setSendTimeout(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}

/// A socket call's errno, with its text.
struct SocketError: Error {
    let code: Int32
    var text: String { String(cString: strerror(code)) }
}
