#if canImport(Glibc)
    import Glibc
#endif

/// What a command reads from its standard input (a password with --password-stdin, git's
/// credential request). In the context like the store, transport and clock, so the services that
/// read it run in unit tests with scripted input.
public protocol StandardInput: Sendable {
    /// One line without its newline; nil at end of input. Reads nothing past the newline (a
    /// second line may be for someone else: the client secret).
    func readLine() -> String?
    /// Everything up to end of input; nil when it is longer than `limit` bytes.
    func readAll(limit: Int) -> [UInt8]?
}

/// The process's own standard input, file descriptor 0.
public struct ProcessStandardInput: StandardInput {
    public init() {}
    public func readLine() -> String? { LineReader.readLine(fd: STDIN_FILENO) }
    public func readAll(limit: Int) -> [UInt8]? { FileDescriptorIO.readAll(STDIN_FILENO, limit: limit) }
}
