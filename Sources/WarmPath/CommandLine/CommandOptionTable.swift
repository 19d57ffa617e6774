/// The own options of the commands that hand the rest of their line to another program (`curl`,
/// `exec`, `ssh`), besides the global ones (GlobalOptionTable): what is read as authhelper's before the
/// first argument of the program's. The commands declare the same options for ArgumentParser, and
/// the test that checks the global table checks these against them too.
public enum CommandOptionTable {
    public static let minTTL = OptionSpec(names: ["--min-ttl"], takesValue: true)
    public static let help = OptionSpec(names: ["-h", "--help"], takesValue: false)
    /// AudienceOptions: the token's API (RFC 8707) and a narrower scope.
    public static let resource = OptionSpec(names: ["--resource"], takesValue: true)
    public static let scope = OptionSpec(names: ["--scope"], takesValue: true)

    public static let env = OptionSpec(names: ["--env"], takesValue: true)
    public static let headerEnv = OptionSpec(names: ["--header-env"], takesValue: true)
    public static let tokenFile = OptionSpec(names: ["--token-file"], takesValue: false)

    /// `header --method M --url U`: the headers of one request, a DPoP proof included.
    public static let method = OptionSpec(names: ["--method"], takesValue: true)
    public static let url = OptionSpec(names: ["--url"], takesValue: true)

    /// `header` and `token`: what MinTTLOption and AudienceOptions declare, and help; `header`
    /// also the request a DPoP proof is for (never a warm call: the front hands it over).
    public static let tokenProducts: [OptionSpec] = [minTTL, resource, scope, help]
    public static let header: [OptionSpec] = tokenProducts + [method, url]

    public static let curl: [OptionSpec] = [minTTL, resource, scope, OptionSpec(names: ["--no-retry"], takesValue: false), help]

    public static let exec: [OptionSpec] = [
        minTTL,
        resource,
        scope,
        env,
        headerEnv,
        tokenFile,
        help,
    ]

    public static let ssh: [OptionSpec] = [help]

    /// The commands with a table here.
    public static let commands = ["curl", "exec", "ssh", "header", "token", "docker-credential", "terraform-credentials"]

    /// A command's own options by its name (a switch, not a dictionary: the front reads it at
    /// every start, and a dictionary's generic metadata cost more than the whole lookup).
    public static func options(of command: String) -> [OptionSpec]? {
        switch command {
        case "curl": curl
        case "exec": exec
        case "ssh": ssh
        case "header": header
        case "token": tokenProducts
        case "docker-credential", "terraform-credentials": [help]
        default: nil
        }
    }
}
