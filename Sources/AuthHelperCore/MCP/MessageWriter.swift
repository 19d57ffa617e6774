import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The client's stdout, written by the proxy's loop and by the server's own stream: one whole
/// message per line, never two interleaved.
final class MessageWriter: Sendable {
    let fd: Int32
    /// Whether the client still reads (false once a write failed), held while a line is written.
    private let open = Mutex(true)

    init(fd: Int32) { self.fd = fd }

    /// Writes `message` and a newline; false when the client has gone away.
    func write(_ message: String) -> Bool {
        open.withLock { open in
            guard open else { return false }
            open = FileDescriptorIO.writeAll(fd, Array((message + "\n").utf8))
            return open
        }
    }
}
