#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program found on PATH with `argv` (no shell: nothing in an argument is interpreted)
/// and collects its stdout; stderr is discarded. For doctor's look at other tools' settings.
enum CommandOutput {
    struct Result {
        let status: Int32
        let stdout: String
    }

    /// Nil when the program cannot be started.
    static func run(_ argv: [String], limit: Int = 1 << 20) -> Result? {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return nil }
        var program = Subprocess(argv)
        defer { program.release() }
        program.searchesPath = true
        program.descriptors = [(1, .descriptor(pipeEnds[1])), (2, .null(writable: true)), (0, .null(writable: false))]
        program.closing = [pipeEnds[0]]
        let started = program.start()
        close(pipeEnds[1])
        defer { close(pipeEnds[0]) }
        guard case .success(let pid) = started else { return nil }
        let bytes = FileDescriptorIO.readAll(pipeEnds[0], limit: limit) ?? []
        return Result(status: Subprocess.wait(pid) ?? 128, stdout: String(decoding: bytes, as: UTF8.self))
    }
}
