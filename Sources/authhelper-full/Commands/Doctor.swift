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
            recorded token endpoint; the session and its access token; with --refresh, that a \
            refresh works; git's credential helper and the container tools' auth files for the \
            profile's server and registries; kubectl's users that get tokens from authhelper. For \
            the kernel store, the kernel key quota left. For a profile that is not this \
            machine's, that the forwarded agent's socket answers for it. Each line is ✓ or ✗ \
            with the one fix.

            It changes nothing and spends nothing — no login, no file written, and no refresh \
            unless --refresh asks for one. Exits 0 when every check passes, else with the status \
            of the first failure.

            Examples:
              authhelper doctor
              authhelper doctor --refresh --profile work
              authhelper doctor --all --json
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Check every profile.")
    var all = false

    @Flag(help: "Also refresh once, to show that a refresh works (spends the refresh token; the new pair is stored).")
    var refresh = false

    @Flag(help: "Print JSON (an array of checks).")
    var json = false

    func run() throws {
        let context = options.makeContext()
        let checks = DoctorService(context: context).run(all: all, refresh: refresh)
        let text = json ? JSONValue.array(checks.map(\.json)).prettySerialized + "\n" : checks.map(\.text).joined(separator: "\n") + "\n"
        guard writeProduct(text) else { throw ExitCode(1) }
        if let failure = checks.first(where: { !$0.passed }) { throw ExitCode(failure.status) }
    }
}
