import ArgumentParser
import AuthHelperCore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the server, user and token state of a profile (never a secret).",
        discussion: """
        Exits 77 when the profile is not logged in; with --all, lists every profile and exits 0.

        Examples:
          authhelper status
          authhelper status --all --json | jq '.[] | select(.logged_in)'
        """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Show every profile in the config file.")
    var all = false

    @Flag(help: "Print JSON (an object; with --all, an array).")
    var json = false

    func run() throws {
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            let service = AccountService(context: context)
            let now = Clock.now()
            if all {
                let statuses = try service.statusOfAll()
                if json {
                    writeProduct(JSONValue.array(statuses.map { $0.json(now: now) }).prettySerialized + "\n")
                } else if statuses.isEmpty {
                    context.diagnostics.info("No profiles in \(context.paths.configFile). Run `authhelper login`.")
                } else {
                    writeProduct(statuses.map { $0.text(now: now) }.joined(separator: "\n\n") + "\n")
                }
            } else {
                let status = try service.status()
                writeProduct(json ? status.json(now: now).prettySerialized + "\n" : status.text(now: now) + "\n")
            }
        }
    }
}

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
