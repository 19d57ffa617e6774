import ArgumentParser
import AuthHelperCore

struct Keyring: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyring",
        abstract: "Act as the keyring command of pip and uv (--keyring-provider subprocess).",
        discussion: """
            Installed as a program named keyring in a folder of its own \
            (/usr/libexec/authhelper/keyring/keyring), never over python3-keyring's: put that \
            folder first on PATH for pip and uv. `get URL USERNAME` (pip) prints an access token \
            of the profile that claims the index URL, with at least 600 s left where the server \
            grants more; `--mode creds get URL` (uv) prints a user name (the profile's \
            registry_username, else its username) and the token on two lines. A URL no profile \
            claims prints nothing and exits 1, so pip and uv go on. `set` keeps nothing. pip asks \
            only when the index URL carries a user name (https://USER@host/simple/).

            Examples:
              PATH=/usr/libexec/authhelper/keyring:$PATH pip install --keyring-provider subprocess \\
                --index-url https://oauth2accesstoken@pypi.example.com/simple/ mypackage
              PATH=/usr/libexec/authhelper/keyring:$PATH uv pip install --keyring-provider subprocess \\
                --index-url https://oauth2accesstoken@pypi.example.com/simple/ mypackage
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(parsing: .captureForPassthrough, help: "[--mode creds] get|set SERVICE [USERNAME]")
    var words: [String] = []

    func run() throws {
        let context = options.makeContext().attended(by: .nobody)
        var found = true
        try runReportingErrors(context) { () throws(AuthError) in
            guard let answer = try KeyringCredential(context: context).answer(words) else {
                found = false
                return
            }
            try writeProductOrFail(answer)
        }
        if !found { throw ExitCode(KeyringCredential.notFoundStatus) }
    }
}
