import ArgumentParser
import AuthHelperCore

struct GoAuthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goauth",
        abstract: "Act as a Go GOAUTH command (Go 1.24 and later).",
        discussion: """
            go runs the command before its first HTTPS fetch: it prints the profile's HTTPS \
            prefixes (server, also_for, registries; each resource with its own token), a blank \
            line, an Authorization header, and a blank line. After a 4xx go runs it again with the \
            URL as last argument and the response on stdin: it prints the block for the profile \
            that claims the URL (nothing if none does); after a 401 the refused token is replaced \
            first, by one refresh under the profile's lock. A DPoP-bound profile is refused.

            Examples:
              export GOAUTH='authhelper goauth --profile work'
              export GOPROXY=https://goproxy.example.com GONOSUMDB=example.com/*
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The URL go fetched, on a re-run after a 4xx.")
    var url: String?

    func run() throws {
        let context = options.makeContext().attended(by: .nobody)
        try runReportingErrors(context) { () throws(AuthError) in
            try writeProductOrFail(try GoAuth(context: context).answer(url: url))
        }
    }
}
