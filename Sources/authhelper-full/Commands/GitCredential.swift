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
            if let reply = try GitCredentialService(context: context).answer(operation: operation) {
                try writeProductOrFail(reply)
            }
        }
    }
}
