import ArgumentParser
import AuthHelperCore

struct Agent: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve access tokens to machines you reach over SSH, on a forwarded socket.",
        discussion: """
            Runs in the foreground until SIGTERM or SIGINT and serves, on a UNIX socket (0600 in a \
            0700 folder), the access tokens of the profiles that opted in with `forward = true` \
            (`authhelper login --forward`). Forward the socket with ssh -R; on the remote machine \
            header, token, curl, exec, git-credential, kube-credential and status then work with \
            the laptop's profile names — no config, keyring or login there. Only access tokens \
            cross: the refresh token, a client secret and a remembered password stay here. Each \
            hand-out is logged on stderr (time, profile, lifetime left; never a token). Whoever \
            controls the remote account can ask the forwarded socket for tokens while the \
            connection lasts, exactly as with ssh -A. See authhelper-agent(1).

            Examples:
              authhelper agent &
              ssh -R /run/user/1000/authhelper/agent.sock:$XDG_RUNTIME_DIR/authhelper/agent.sock build-host
              systemctl --user enable --now authhelper-agent.socket   # started on demand instead
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("The socket to serve on (default: $XDG_RUNTIME_DIR/authhelper/agent.sock).", valueName: "path"))
    var socket: String?

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            guard let path = socket ?? context.paths.runtimeFolder.location(of: .agentSocket) else {
                throw .usage(
                    "There is no $XDG_RUNTIME_DIR for the agent's socket: give --socket PATH (a path in a folder only you can enter).")
            }
            try AgentServer(context: context, socketPath: path).run()
        }
    }
}
