import ArgumentParser
import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

@main
struct AuthHelper: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authhelper",
        abstract: "Log in once; give every shell command a fresh bearer token.",
        discussion: """
            authhelper keeps a refresh token in the desktop keyring (Secret Service) and hands out \
            short-lived access tokens, refreshing them when needed.

            Examples:
              authhelper login --server https://api.example.com --username alice
              curl -H @<(authhelper header) https://api.example.com/users/me   # token in no argv
              authhelper curl https://api.example.com/users/me
              authhelper status --all
            """,
        version: AuthHelperVersion.current,
        subcommands: [
            Login.self, Header.self, Token.self, Refresh.self, Status.self, Logout.self,
            Curl.self, Exec.self, GitCredential.self, DockerCredential.self, KubeCredential.self, CargoCredentialProvider.self,
            GoAuthCommand.self, TerraformCredentials.self, Keyring.self, MCPHeadersCommand.self, MCPProxyCommand.self, Agent.self, SSH.self,
            Doctor.self,
        ]
    )

    /// Declared here too so that help and completions offer the global options before the
    /// command name; CommandLineLayout moves them after it before parsing.
    @OptionGroup var options: GlobalOptions

    /// The warm path answers before argument parsing; anything it does not handle goes on to the
    /// full parser below.
    static func main() {
        var arguments = CommandLine.arguments
        // A refresh started this process to carry its request (CourierTransport).
        if arguments.count == 2, arguments[1] == RefreshCourier.argument { Glibc.exit(RefreshCourier.serve()) }
        // Installed as a link named git-credential-authhelper, git runs it as its helper.
        if let first = arguments.first, let command = ProgramName.impliedCommand(invokedAs: first) {
            arguments.insert(command, at: 1)
        }
        // cargo runs a credential provider as `PROGRAM --cargo-plugin`, its words in the request.
        if arguments.count > 1, arguments[1] == "--cargo-plugin" {
            arguments.insert(CargoCredentialProvider.configuration.commandName!, at: 1)
        }
        do {
            arguments = try CommandLineLayout.normalized(arguments)
        } catch {
            StandardError.error(error.message)
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
        if let status = FastPath.run(arguments) { Glibc.exit(status) }
        if let advice = CommandLineAdvice.advice(for: arguments) {
            StandardError.error(advice)
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
        if arguments.count > 1, let command = PassthroughArguments.commands[arguments[1]] {
            let rest = PassthroughArguments.separating(Array(arguments.dropFirst(2)), own: command.ownOptions)
            // The passthrough argument would swallow --help; before the split it is authhelper's.
            if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
                writeProduct(AuthHelper.helpMessage(for: command) + "\n")
                Glibc.exit(0)
            }
            arguments = Array(arguments[...1]) + rest
        }
        let commandArguments = Array(arguments.dropFirst())
        do {
            var command = try parseAsRoot(commandArguments)
            try command.run()
        } catch {
            UsageMessage.exit(with: error, command: self, arguments: commandArguments)
        }
    }
}
