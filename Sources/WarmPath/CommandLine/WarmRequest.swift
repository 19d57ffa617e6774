/// A `header`, `token` or `exec` command line, read by the one grammar that the front and
/// authhelper-full's fast path share. It is derived from the option tables (GlobalOptionTable,
/// CommandOptionTable), which a test checks against ArgumentParser's declarations, and applies
/// the same limits as the commands' `validate()` through the same rules (ProfileName, Audience,
/// ExecEnvironment, GlobalOptionTable.timeoutRange).
///
/// Only the plain forms are read: nil means "not a plain warm command line" — an unknown option,
/// `--help`, an option given twice, a value the commands would refuse — and the caller hands the
/// line to ArgumentParser, which answers it properly (a usage error names what is wrong).
public struct WarmRequest: Equatable, Sendable {
    public enum Command: String, Sendable {
        case header, token, exec
        /// `docker-credential get`: the registry comes on stdin.
        case dockerCredential = "docker-credential"
        /// `terraform-credentials get HOST`.
        case terraformCredentials = "terraform-credentials"
        /// pip's and uv's `keyring get URL …` (KeyringWords).
        case keyring
    }

    public var command: Command
    public var profileFlag: String?
    public var configFlag: String?
    public var verbose = false
    public var noPrompt = false
    public var timeout: Int?
    public var minTTL: Int64?
    public var resources: [String] = []
    public var scope: String?
    /// exec: `--env`, `--header-env`, `--token-file`, and the program with its arguments.
    public var tokenVariable: String?
    public var headerVariable: String?
    public var tokenFile = false
    public var program: [String] = []
    /// What `--resource` and `--scope` ask for, checked as AudienceOptions checks it.
    public var audience: Audience = .profileDefault

    public var freshness: Freshness { Freshness(minTTL: minTTL) }

    /// `header` and `token` print a product; `exec` has none.
    public var product: TokenProduct? {
        switch command {
        case .header: .header
        case .token: .bare
        case .exec, .dockerCredential, .terraformCredentials, .keyring: nil
        }
    }

    init(command: Command) { self.command = command }

    /// Reads `arguments` (argv without the program's name). Global options may come before the
    /// command name or after it, as CommandLineLayout allows.
    public static func parse(_ arguments: [String]) -> WarmRequest? {
        // 1. Global options before the command name, then the name.
        var index = 0
        var leading: [OptionSpec.Occurrence] = []
        while index < arguments.count, let occurrence = GlobalOptionTable.entries.occurrence(in: arguments, at: index) {
            leading.append(occurrence)
            index += occurrence.width
        }
        guard index < arguments.count, let command = Command(rawValue: arguments[index]) else { return nil }
        index += 1
        var request = WarmRequest(command: command)
        var seen: [String] = []
        for occurrence in leading {
            guard request.take(occurrence, seen: &seen) else { return nil }
        }

        // 2. The command's options and the global ones, then (exec) the program.
        let options = GlobalOptionTable.entries + (CommandOptionTable.options(of: command.rawValue) ?? [])
        while index < arguments.count {
            if let occurrence = options.occurrence(in: arguments, at: index) {
                guard request.take(occurrence, seen: &seen) else { return nil }
                index += occurrence.width
                continue
            }
            // docker-credential's one warm operation is `get`, given once.
            if command == .dockerCredential {
                guard arguments[index] == "get", request.program.isEmpty else { return nil }
                request.program = ["get"]
                index += 1
                continue
            }
            // The tools' lookups: their words, as the broker recorded them (ToolClaimRecord).
            if command == .terraformCredentials {
                guard !arguments[index].hasPrefix("-") else { return nil }
                request.program.append(arguments[index])
                index += 1
                continue
            }
            if command == .keyring {
                request.program = Array(arguments[index...])
                break
            }
            // header and token take nothing more; exec's program starts after `--` or at the
            // first argument that is not an option (PassthroughArguments).
            guard command == .exec else { return nil }
            if arguments[index] == "--" { index += 1 } else if arguments[index].hasPrefix("-") { return nil }
            guard index < arguments.count else { return nil }
            request.program = Array(arguments[index...])
            break
        }

        // 3. What the commands' validate() checks across options.
        guard let audience = try? Audience(resources: request.resources, scope: request.scope) else { return nil }
        request.audience = audience
        if command == .dockerCredential, request.program != ["get"] { return nil }
        if command == .terraformCredentials, request.program.count != 2 || request.program[0] != "get" { return nil }
        if command == .keyring, KeyringWords(request.program)?.operation != "get" { return nil }
        if command == .exec {
            guard !request.program.isEmpty, !request.tokenFile || (request.tokenVariable == nil && request.headerVariable == nil) else {
                return nil
            }
        }
        return request
    }

    /// Records one option; false when its value is one the commands refuse, or it was given
    /// before (repeats are the full parser's to reconcile or refuse; `--resource` repeats).
    private mutating func take(_ occurrence: OptionSpec.Occurrence, seen: inout [String]) -> Bool {
        let spec = occurrence.spec
        guard spec == CommandOptionTable.resource || !seen.contains(spec.key) else { return false }
        seen.append(spec.key)
        let value = occurrence.value ?? ""
        switch spec {
        case GlobalOptionTable.profile:
            guard ProfileName.isValid(value) else { return false }
            profileFlag = value
        case GlobalOptionTable.config:
            guard !value.isEmpty else { return false }
            configFlag = value
        case GlobalOptionTable.verbose: verbose = true
        case GlobalOptionTable.noPrompt: noPrompt = true
        case GlobalOptionTable.timeout:
            guard let seconds = Int(value), GlobalOptionTable.timeoutRange.contains(seconds) else { return false }
            timeout = seconds
        case CommandOptionTable.minTTL:
            guard let seconds = Int64(value), seconds >= 0 else { return false }
            minTTL = seconds
        case CommandOptionTable.resource: resources.append(value)
        case CommandOptionTable.scope: scope = value
        case CommandOptionTable.env:
            guard ExecEnvironment.isVariableName(value) else { return false }
            tokenVariable = value
        case CommandOptionTable.headerEnv:
            guard ExecEnvironment.isVariableName(value) else { return false }
            headerVariable = value
        case CommandOptionTable.tokenFile: tokenFile = true
        default: return false  // --help, and any option this grammar does not answer
        }
        return true
    }
}
