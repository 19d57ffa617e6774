import ArgumentParser
import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

struct GitCredential: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-credential",
        abstract: "Act as a git credential helper (get, store, erase).",
        discussion: """
            git runs this with the operation as argument and the request on stdin. `get` answers \
            with a fresh token for the profile whose server matches the request; with no matching \
            profile it prints nothing, so git goes on to its next helper. `store` keeps nothing \
            (tokens come from login); `erase` drops the cached access token so the next `get` \
            refreshes, and never deletes the refresh token. Unknown operations are ignored.

            Also reachable as `git-credential-authhelper` (a link to authhelper).

            Examples:
              git config --global credential.https://api.example.com.helper authhelper
              git config --global credential.helper '!authhelper git-credential --profile work'
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "get, store or erase.")
    var operation: String

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            // Forward compatibility: an operation this helper does not know is not an error.
            guard ["get", "store", "erase"].contains(operation) else { return }
            guard let input = FileDescriptorIO.readAll(STDIN_FILENO, limit: 1 << 20) else {
                throw .usage("The credential request on stdin is larger than 1 MiB.")
            }
            let request: GitCredentialRequest
            do throws(GitCredentialRequest.ParseError) {
                request = try GitCredentialRequest(parsing: input)
            } catch {
                throw .usage("The credential request from git is invalid: it has \(error.reason).")
            }
            let config = try context.loadConfigWithForwardedProfile()
            guard let profile = GitCredentialReply.profile(for: request, in: config, named: options.profile) else {
                context.diagnostics.debug("no profile matches \(request.protocol ?? "?")://\(request.host ?? "?")")
                return
            }
            let profileContext = options.makeContext(
                selecting: profile.name,
                promptAllowed: context.environment["GIT_TERMINAL_PROMPT"] != "0")
            let tokens = TokenService(context: profileContext)
            switch operation {
            case "get":
                let token = try tokens.freshToken(.standard)
                try writeProductOrFail(GitCredentialReply.render(request: request, username: profile.username, token: token))
            case "erase":
                try tokens.dropAccessToken(matching: request.attributes["credential"] ?? request.attributes["password"])
            default:
                break  // store: the session comes from `authhelper login`, not from git
            }
        }
    }
}
