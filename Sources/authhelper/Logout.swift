import ArgumentParser
import AuthHelperCore

struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete the profile's secrets from the keyring and the runtime cache.",
        discussion: """
            The profile's settings stay in the config file, so the next login asks only for the password.

            Examples:
              authhelper logout
              authhelper logout --all
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Log out of every profile.")
    var all = false

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            let cleared = try AccountService(context: context).logout(all: all)
            if cleared.isEmpty {
                context.diagnostics.info("Nothing to log out: no stored session\(all ? "s" : "").")
            } else {
                context.diagnostics.info("Logged out of \(cleared.map { "'\($0)'" }.joined(separator: ", ")).")
            }
        }
    }
}
