#if canImport(Glibc)
    import Glibc
#endif

/// TCP ports of 127.0.0.1 for tests that need a fixed one (a browser login's --redirect-port).
enum LoopbackPort {
    /// A socket bound to a free port of 127.0.0.1, and the port; the caller closes it.
    static func bound() -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// A port of 127.0.0.1 that was free a moment ago.
    static func free() -> UInt16 {
        let (fd, port) = bound()
        close(fd)
        return port
    }
}
