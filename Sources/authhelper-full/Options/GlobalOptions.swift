import ArgumentParser
import AuthHelperCore

/// The options every command takes, before or after the command name (`authhelper --profile work
/// header` = `authhelper header --profile work`; CommandLineLayout moves them). GlobalOptionTable
/// lists the same options for the code that reads them before ArgumentParser; a test keeps the
/// two equal.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The profile to use (else $AUTHHELPER_PROFILE, else the config's default_profile, else 'default').", valueName: "name"),
        completion: .custom(GlobalOptions.completeProfiles))
    var profile: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The config file (else $AUTHHELPER_CONFIG, else $XDG_CONFIG_HOME/authhelper/config.toml).", valueName: "path"),
        completion: .file(extensions: ["toml"]))
    var config: String?

    @Flag(name: .shortAndLong, help: "Write diagnostics to stderr; secrets are never shown.")
    var verbose = false

    @Option(help: ArgumentHelp("Seconds for a whole request to the server (else the profile's timeout, else 30).", valueName: "seconds"))
    var timeout: Int?

    @Flag(name: .customLong("no-prompt"), help: "Never ask on the terminal (also AUTHHELPER_NO_PROMPT=1); an ended session exits 77.")
    var noPrompt = false

    func validate() throws {
        if let timeout, !GlobalOptionTable.timeoutRange.contains(timeout) {
            throw ValidationError("--timeout must be between 1 and 3600 seconds, not \(timeout).")
        }
        if let profile {
            do { try Profile.validateName(profile) } catch { throw ValidationError(error.message) }
        }
    }

    /// - Parameter selecting: a profile chosen by the command itself (git-credential matches one).
    /// - Parameter noticesOnStderr: the caller shows stderr to the person (kubectl).
    func makeContext(selecting selected: String? = nil, promptAllowed: Bool = true, noticesOnStderr: Bool = false) -> AuthContext {
        AuthContext(
            environment: .current(), configFlag: config, profileFlag: selected ?? profile, verbose: verbose,
            timeoutOverride: timeout, promptAllowed: promptAllowed && !noPrompt, noticesOnStderr: noticesOnStderr)
    }

    /// Profile names for shell completion, read from the config the command line names.
    @Sendable static func completeProfiles(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        var configFlag: String?
        if let position = arguments.firstIndex(of: "--config"), position + 1 < arguments.count {
            configFlag = arguments[position + 1]
        }
        let context = AuthContext(environment: .current(), configFlag: configFlag, profileFlag: nil, verbose: false)
        // Silent: a warning would land in the middle of the person's command line.
        guard let config = try? ConfigFile.load(context.paths.configFile, diagnostics: nil) else { return [] }
        return config.profiles.map(\.name).filter { $0.hasPrefix(prefix) }
    }
}
