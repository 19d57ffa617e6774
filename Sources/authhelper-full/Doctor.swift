import ArgumentParser
import AuthHelperCore

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the whole setup of a profile, and name the fix for what is wrong.",
        discussion: """
            Checks, in order: the config file parses; the profile exists; the store it records \
            answers (Secret Service on the bus and unlocked, the kernel keyring, the file); the \
            runtime folder is private; the server answers with TLS verified (naming the CA in \
            use); the clock is within 60 s of the server's Date; an issuer still names the \
            recorded token endpoint; the session and its access token; git's credential helper \
            and the container tools' auth files for the profile's server and registries. Each \
            line is ✓ or ✗ with the one fix.

            It changes nothing and spends nothing: no refresh, no login, no file written. Exits 0 \
            when every check passes, else with the status of the first failure.

            Examples:
              authhelper doctor
              authhelper doctor --all --json
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Check every profile.")
    var all = false

    @Flag(help: "Print JSON (an array of checks).")
    var json = false

    func run() throws {
        let context = options.makeContext()
        let checks = DoctorService(context: context).run(all: all)
        let text = json ? JSONValue.array(checks.map(\.json)).prettySerialized + "\n" : checks.map(\.text).joined(separator: "\n") + "\n"
        guard writeProduct(text) else { throw ExitCode(1) }
        if let failure = checks.first(where: { !$0.passed }) { throw ExitCode(failure.status) }
    }
}
