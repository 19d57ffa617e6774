#if canImport(Glibc)
    import Glibc
#endif

/// The browser login's redirect target (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 only — never
/// on every interface, so nobody else on the network can hand it a code — that waits for one
/// request to its callback path, or for the person to paste the address at the terminal.
public final class LoopbackListener {
    public let port: UInt16
    private let socketFD: Int32

    /// What ended the wait.
    public enum Arrival {
        /// The browser came back: the callback's query fields, and the connection to answer on.
        case callback(fields: [(String, String)], connection: Int32)
        /// The person pasted the address the browser ended at: its query fields.
        case pasted(fields: [(String, String)])
        case timedOut
    }

    /// A port of 127.0.0.1 free now (the kernel's pick), for a redirect URI that must be
    /// registered before the login listens on it.
    public static func freePort() throws(AuthError) -> UInt16 {
        try LoopbackListener(port: 0).port
    }

    /// Listens on 127.0.0.1:`port` (0: a port the kernel picks).
    public init(port: UInt16) throws(AuthError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .unavailable("No socket for the browser login's redirect: \(SecureFiles.errnoText()).") }
        // A fixed --redirect-port must work again right after a login, while that login's last
        // connection is still in TIME_WAIT. On Linux this never lets two listeners share a port.
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            let reason = SecureFiles.errnoText()
            close(fd)
            throw .unavailable(
                """
                Cannot listen on 127.0.0.1:\(port) for the browser login's redirect \
                (\(reason))\(port == 0 ? "" : "; is another program using the port? Choose another with --redirect-port").
                """
            )
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.socketFD = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(socketFD) }

    /// Waits until `deadline` (monotonic milliseconds) for a request to `path`, or a line at
    /// `pasteFD`. Other paths (a browser's /favicon.ico) get a 404 and the wait goes on.
    public func waitForAnswer(path: String, deadline: Double, pasteFD: Int32?) -> Arrival {
        var pasteFD = pasteFD
        while true {
            let remaining = deadline - Clock.monotonicMilliseconds()
            guard remaining > 0 else { return .timedOut }
            var fds = [pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)]
            if let pasteFD { fds.append(pollfd(fd: pasteFD, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 60_000)))
            if ready < 0, errno == EINTR { continue }
            if fds.count > 1, fds[1].revents != 0 {
                if let line = LineReader.readLine(fd: fds[1].fd) {
                    let fields = Self.queryFields(ofPasted: line)
                    if !fields.isEmpty { return .pasted(fields: fields) }
                } else {
                    pasteFD = nil  // the terminal is gone; keep listening
                }
            }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let connection = accept(socketFD, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            guard let target = Self.readRequestTarget(connection) else {
                Self.respond(connection, status: "400 Bad Request", page: "Bad request.")
                continue
            }
            let (requestPath, query) = Self.split(target)
            guard requestPath == path else {
                Self.respond(connection, status: "404 Not Found", page: "Not found.")
                continue
            }
            return .callback(fields: FormEncoding.decode(query), connection: connection)
        }
    }

    /// Answers a request with a short page and closes the connection.
    public static func respond(_ connection: Int32, status: String = "200 OK", page: String) {
        let html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>authhelper</title></head><body><p>\(page)</p></body></html>"
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(html.utf8.count)\r\n"
            + "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n"
        FileDescriptorIO.writeAll(connection, Array((head + html).utf8))
        shutdown(connection, Int32(SHUT_WR))
        close(connection)
    }

    /// The request target of a GET, read within 10 seconds and 16 KiB (a browser's request head
    /// is a few hundred bytes); nil for anything else.
    static func readRequestTarget(_ connection: Int32) -> String? {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while head.count < 16384, !head.containsHeadEnd {
            let n = read(connection, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            head.append(contentsOf: buffer[0..<n])
        }
        guard let lineEnd = head.firstIndex(of: UInt8(ascii: "\r")) ?? head.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let parts = String(decoding: head[..<lineEnd], as: UTF8.self).split(separator: " ")
        guard parts.count == 3, parts[0] == "GET", parts[2].hasPrefix("HTTP/1.") else { return nil }
        return String(parts[1])
    }

    /// `/callback?code=…` → ("/callback", "code=…"); a fragment is dropped.
    static func split(_ target: String) -> (path: String, query: Substring) {
        let withoutFragment = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let mark = withoutFragment.firstIndex(of: "?") else { return (String(withoutFragment), "") }
        return (String(withoutFragment[..<mark]), withoutFragment[withoutFragment.index(after: mark)...])
    }

    /// A pasted address: `http://127.0.0.1:PORT/callback?code=…&state=…` (or only its query).
    static func queryFields(ofPasted line: String) -> [(String, String)] {
        let text = line.trimmingSpaces
        let query = text.firstIndex(of: "?").map { split(String(text[$0...])).query } ?? Substring(text)
        let fields = FormEncoding.decode(query)
        return fields.contains { $0.0 == "code" || $0.0 == "error" } ? fields : []
    }
}

extension [UInt8] {
    fileprivate var containsHeadEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return true }
        return false
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }), let last = bytes.lastIndex(where: { $0 > 0x20 }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
