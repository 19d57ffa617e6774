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
            let now = context.clock.now()
            if all {
                let statuses = try service.statusOfAll()
                if json {
                    try writeProductOrFail(JSONValue.array(statuses.map { $0.json(now: now) }).prettySerialized + "\n")
                } else if statuses.isEmpty {
                    context.diagnostics.info("No profiles in \(context.paths.configFile). Run `authhelper login`.")
                } else {
                    try writeProductOrFail(statuses.map { $0.text(now: now) }.joined(separator: "\n\n") + "\n")
                }
            } else {
                let status = try service.status()
                try writeProductOrFail(json ? status.json(now: now).prettySerialized + "\n" : status.text(now: now) + "\n")
            }
        }
    }
}
