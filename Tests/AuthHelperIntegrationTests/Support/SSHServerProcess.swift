import Foundation

/// A real OpenSSH server on 127.0.0.1 (a free port), with its own config, host key and one
/// authorized client key, run as this test's own (unprivileged) account — so the account it logs
/// in as is this one, playing the remote machine with a HOME and runtime folder of its own that
/// hold nothing: no config, no keyring, no login. `StreamLocalBindUnlink yes`, as the README
/// recommends, replaces a socket a dropped connection left behind (`bindUnlink: false` shows
/// what happens without it); `environment` plays what pam_systemd sets (XDG_RUNTIME_DIR).
final class SSHServerProcess {
    let folder: String
    let port: UInt16
    private let process: RunningProcess

    init(bindUnlink: Bool = true, environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ah-ssh-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for key in ["host", "client"] {
            let made = try ProcessRunner.run(
                "/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", key, "-f", "\(folder)/\(key)"],
                environment: ["PATH": "/usr/bin:/bin"])
            guard made.status == 0 else { throw NSError(domain: "SSH", code: 1, userInfo: [NSLocalizedDescriptionKey: made.stderr]) }
        }
        try FileManager.default.copyItem(atPath: "\(folder)/client.pub", toPath: "\(folder)/authorized_keys")
        port = LoopbackPort.free()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder)/host
            AuthorizedKeysFile \(folder)/authorized_keys
            PidFile \(folder)/sshd.pid
            UsePAM no
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            AllowStreamLocalForwarding yes
            StreamLocalBindUnlink \(bindUnlink ? "yes" : "no")
            LogLevel ERROR
            \(environment.isEmpty ? "" : "SetEnv " + environment.map { "\($0)=\($1)" }.joined(separator: " "))
            """
        try config.write(toFile: "\(folder)/sshd_config", atomically: true, encoding: .utf8)
        let hostKey = try String(contentsOfFile: "\(folder)/host.pub", encoding: .utf8)
        try "[127.0.0.1]:\(port) \(hostKey)".write(toFile: "\(folder)/known_hosts", atomically: true, encoding: .utf8)
        // Under a shell that stays: sshd closes every descriptor it inherits, Foundation's
        // Process then takes it for ended and blocks its one monitoring thread in wait4 on it,
        // and no other process of the test is ever seen to end.
        process = try ProcessRunner.start(
            "/bin/bash",
            [
                "-c", "/usr/sbin/sshd -D -e -f \"$1\" & pid=$!; trap 'kill $pid; wait $pid; exit 0' TERM; wait $pid", "sshd",
                "\(folder)/sshd_config",
            ],
            environment: ["PATH": "/usr/bin:/bin"])
        for _ in 0..<200 {
            if try ssh(["true"]).status == 0 { return }
            usleep(25_000)
        }
        let log = process.stderrSoFar()
        stop()
        throw NSError(domain: "SSH", code: 1, userInfo: [NSLocalizedDescriptionKey: "sshd did not start: \(log)"])
    }

    /// The client's options: this server only, its host key only, the test key only, no prompts.
    var clientOptions: [String] {
        [
            "-F", "/dev/null", "-i", "\(folder)/client", "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=\(folder)/known_hosts",
            "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes", "-p", "\(port)",
        ]
    }

    /// `ssh [extra] 127.0.0.1 COMMAND…`: the command line runs in the remote account's shell.
    func ssh(_ command: [String], extra: [String] = [], environment: [String: String] = ["PATH": "/usr/bin:/bin"]) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/ssh", clientOptions + extra + ["127.0.0.1"] + command, environment: environment)
    }

    func stop() {
        process.terminate()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
