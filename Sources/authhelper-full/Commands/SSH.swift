import ArgumentParser
import AuthHelperCore

struct SSH: PassthroughCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh",
        abstract: "ssh to a host with the agent's socket forwarded, for this one connection.",
        discussion: """
            Needs nothing configured on either side: it asks the host once for its runtime folder \
            (making authhelper/ there and removing a socket a dropped connection left behind), then \
            runs ssh -R with the remote's default path, so authhelper on the host finds the agent \
            by itself. The agent must be running here (authhelper agent). Every argument is \
            ssh's. See authhelper-agent(1).

            Examples:
              authhelper ssh build-host
              authhelper ssh -p 2222 me@build-host 'authhelper curl -s https://api.example.com/me'
            """
    )

    /// ssh's own options besides the global ones: none but help; everything else is ssh's.
    static let ownOptions = CommandOptionTable.ssh

    @OptionGroup var options: GlobalOptions

    @Argument(parsing: .postTerminator, help: ArgumentHelp("ssh's options, the host and a command.", valueName: "ssh-arguments"))
    var sshArguments: [String] = []

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            try SSHForwarding(context: context).run(sshArguments)
        }
    }
}
