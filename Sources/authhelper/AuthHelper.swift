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
          curl -H "$(authhelper header)" https://api.example.com/users/me
          curl -H @<(authhelper header) https://api.example.com/users/me   # token not in argv
          authhelper status --all
        """,
        version: AuthHelperVersion.current,
        subcommands: [Login.self, Header.self, Token.self, Refresh.self, Status.self, Logout.self]
    )

    /// The warm path answers before argument parsing; anything it does not handle goes on to the
    /// full parser below.
    static func main() {
        if let status = FastPath.run(CommandLine.arguments) { Glibc.exit(status) }
        main(nil)
    }
}
