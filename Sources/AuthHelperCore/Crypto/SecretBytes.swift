#if canImport(Glibc)
    import Glibc
#endif

/// Secret documents as bytes that are wiped when done with. A Swift `String` cannot be wiped (it
/// is immutable and its storage is freed whenever the last copy goes), so a secret read from a
/// store is kept as bytes until it is parsed, and the bytes are overwritten afterwards. The
/// individual values a parsed session holds are Strings; they live as long as the process, which
/// for `header` and `token` is milliseconds.
enum SecretBytes {
    /// The bytes of a NUL-terminated C string.
    static func copy(cString pointer: UnsafePointer<CChar>) -> [UInt8] {
        let length = strlen(pointer)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Overwrites every byte; explicit_bzero is not optimised away.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            explicit_bzero(base, buffer.count)
        }
    }
}
