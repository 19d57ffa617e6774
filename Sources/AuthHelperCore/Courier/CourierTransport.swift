import CSignals

#if canImport(Glibc)
    import Glibc
#endif

/// The transport of a refresh: each request goes through a RefreshCourier process started for
/// it (this program again, as `authhelper-full --refresh-courier`), which outlives its caller.
/// Where no courier can start (no /proc, a failed spawn), the request goes directly, as before
/// the courier existed: the refresh never fails for it.
public struct CourierTransport: HTTPTransport {
    let options: HTTPOptions
    let ticket: CourierTicket
    let direct: any HTTPTransport

    public init(options: HTTPOptions, ticket: CourierTicket, direct: any HTTPTransport) {
        self.options = options
        self.ticket = ticket
        self.direct = direct
    }

    public func send(_ request: HTTPRequest, onResponse: () -> Void) throws(AuthError) -> HTTPResponse {
        guard let courier = Courier.start(holding: ticket.lockDescriptor) else { return try direct.send(request, onResponse: onResponse) }
        var order = CourierMessage.request(request, options: options, ticket: ticket)
        let handedOver = courier.hand(order)
        SecretBytes.wipe(&order)
        var answer = FileDescriptorIO.readAll(courier.channel, limit: 2 * options.maxResponseBytes + 65536)
        close(courier.channel)
        let status = courier.wait()
        onResponse()
        defer { if answer != nil { SecretBytes.wipe(&answer!) } }
        guard handedOver, let answer, let result = CourierMessage.result(from: answer) else {
            throw .failure(
                """
                The refresh courier (authhelper-full \(RefreshCourier.argument)) ended without an answer (\(status)); if the server \
                answered, the next call stores the new tokens from the kernel keyring.
                """)
        }
        return try result.get()
    }
}

/// A started courier: its pid and the socket to it (its stdin and stdout).
struct Courier {
    let pid: pid_t
    let channel: Int32

    /// Starts this program as a courier in a session of its own (a signal to the caller's
    /// process group does not reach it), with an empty signal mask and the default actions,
    /// stdin and stdout on one end of a socket pair (writes to a courier that died raise no
    /// SIGPIPE here), stderr on /dev/null, and `lock` as descriptor 3.
    static func start(holding lock: Int32) -> Courier? {
        guard let executable = ownExecutable() else { return nil }
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else { return nil }
        // dup2 clears close-on-exec on the new descriptor: these four pass, and nothing else — a
        // descriptor inherited without close-on-exec (the caller's caller's pipe) would keep its
        // reader waiting for the courier.
        var courier = Subprocess([executable, RefreshCourier.argument])
        defer { courier.release() }
        courier.descriptors = [
            (0, .descriptor(ends[1])), (1, .descriptor(ends[1])), (2, .null(writable: true)),
            (RefreshCourier.lockDescriptor, .descriptor(lock)),
        ]
        courier.closingFrom = RefreshCourier.lockDescriptor + 1
        courier.signals = .allAtDefault
        courier.newSession = true
        let started = courier.start()
        close(ends[1])
        guard case .success(let pid) = started else {
            close(ends[0])
            return nil
        }
        return Courier(pid: pid, channel: ends[0])
    }

    /// Writes the whole request, then ends this direction (the courier reads to its end).
    func hand(_ order: [UInt8]) -> Bool {
        var offset = 0
        while offset < order.count {
            let written = order[offset...].withUnsafeBytes { send(channel, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return shutdown(channel, Int32(SHUT_WR)) == 0
    }

    /// How it ended, in words for a message.
    func wait() -> String { Subprocess.ending(of: pid) }

    /// The running program (authhelper-full), from /proc.
    private static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
