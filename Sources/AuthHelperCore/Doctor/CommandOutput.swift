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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        var arguments = argv.map { strdup($0) }
        arguments.append(nil)
        defer { for pointer in arguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, argv[0], &actions, nil, &arguments, environ)
        close(pipeEnds[1])
        defer { close(pipeEnds[0]) }
        guard spawned == 0 else { return nil }
        let bytes = FileDescriptorIO.readAll(pipeEnds[0], limit: limit) ?? []
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Result(
            status: (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F), stdout: String(decoding: bytes, as: UTF8.self))
    }
}
