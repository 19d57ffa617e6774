#if canImport(Glibc)
    import Glibc
#endif

/// `authhelper ssh [SSH OPTIONS] HOST [COMMAND]`: ssh with the agent's socket forwarded for this
/// one connection, with no configuration on either side. It asks the remote once for its
/// runtime folder (making `…/authhelper` there, and removing a socket a dropped connection left
/// behind, which servers without `StreamLocalBindUnlink yes` would not replace), then becomes
/// `ssh -R REMOTE:LOCAL …` — so the remote's authhelper finds the agent at its default path.
public struct SSHForwarding {
    let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// What the remote runs first: its runtime folder's `authhelper/agent.sock`, or `no-runtime`.
    static let prepareRemote =
        #"d="${XDG_RUNTIME_DIR:-}"; if [ -z "$d" ] || [ ! -d "$d" ]; then echo no-runtime; exit 0; fi; "#
        + #"mkdir -p -m 700 "$d/authhelper" && rm -f "$d/authhelper/agent.sock" && echo "$d/authhelper/agent.sock""#

    /// ssh's options that take a value (ssh(1), OpenSSH 9): the rest of the word or the next one.
    static let valuedOptions = Set("BbcDEeFIiJLlmOoPpQRSWw")

    /// The options (before the host), the host, and the remote command.
    public static func split(_ arguments: [String]) -> (options: [String], host: String, command: [String])? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                index += 1
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else { break }
            // A cluster of flags, ending at the first option that takes a value.
            var takesNext = false
            for (offset, letter) in argument.dropFirst().enumerated() where valuedOptions.contains(letter) {
                takesNext = offset == argument.count - 2
                break
            }
            index += takesNext ? 2 : 1
        }
        guard index < arguments.count else { return nil }
        return (Array(arguments[..<min(index, arguments.count)]).filter { $0 != "--" }, arguments[index], Array(arguments[(index + 1)...]))
    }

    /// Prepares the remote, then replaces this process with the forwarding ssh; returns only on
    /// failure.
    public func run(_ arguments: [String]) throws(AuthError) -> Never {
        guard let (options, host, command) = Self.split(arguments) else {
            throw .usage("Give the host to connect to: authhelper ssh [SSH OPTIONS] HOST [COMMAND].")
        }
        let socket = context.paths.runtimeFolder.location(of: .agentSocket)
        guard let local = socket, UnixSocket.isSocket(local) else {
            throw .unavailable(
                """
                No authhelper agent serves \(socket ?? "$XDG_RUNTIME_DIR/authhelper/agent.sock") here: start it \
                first (`authhelper agent &`, or systemctl --user enable --now authhelper-agent.socket).
                """
            )
        }
        let remote = try remoteSocket(options: options, host: host)
        let argv = ["ssh", "-R", "\(remote):\(local)"] + options + [host] + command
        context.diagnostics.debug("forwarding \(remote) on \(host) to \(local)")
        var cArguments = argv.map { strdup($0) } + [nil]
        execvp("ssh", &cArguments)
        throw .unavailable("Cannot run ssh: \(SecureFiles.errnoText()).")
    }

    /// The socket path in the remote's runtime folder, made ready.
    private func remoteSocket(options: [String], host: String) throws(AuthError) -> String {
        let (status, output) = Self.captureOutput(of: ["ssh"] + options + [host, Self.prepareRemote])
        guard status == 0, let line = output.split(separator: "\n").last.map(String.init) else {
            throw .unavailable("ssh to \(printable(host)) to prepare the forwarded socket failed (exit \(status)).")
        }
        guard line != "no-runtime" else {
            throw .unavailable(
                """
                \(printable(host)) has no $XDG_RUNTIME_DIR for your login there (no systemd user session): forward with ssh -R to a \
                path in a private folder of your choice and set AUTHHELPER_AGENT to it on the remote (see authhelper-agent(1)).
                """
            )
        }
        guard line.hasPrefix("/"), line.hasSuffix("/authhelper/agent.sock"), !line.contains(":") else {
            throw .malformedResponse("\(printable(host)) answered '\(printable(line))' for its runtime folder.")
        }
        return line
    }

    /// Runs `argv` (found on PATH) with this process's stdin and stderr (ssh may ask for a
    /// password at the terminal) and returns its exit status and up to 64 KiB of its stdout.
    private static func captureOutput(of argv: [String]) -> (Int32, String) {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { return (-1, "") }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var probe = Subprocess(argv)
        defer { probe.release() }
        probe.searchesPath = true
        probe.descriptors = [(1, .descriptor(pipeFDs[1]))]
        let started = probe.start()
        close(pipeFDs[1])
        defer { close(pipeFDs[0]) }
        guard case .success(let pid) = started else { return (-1, "") }
        let output = FileDescriptorIO.readAll(pipeFDs[0], limit: 64 * 1024) ?? []
        return (Subprocess.wait(pid) ?? 128, String(decoding: output, as: UTF8.self))
    }
}
