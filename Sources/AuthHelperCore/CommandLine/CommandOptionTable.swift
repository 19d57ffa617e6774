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

    public static let curl: [OptionSpec] = [minTTL, resource, scope, OptionSpec(names: ["--no-retry"], takesValue: false), help]

    public static let exec: [OptionSpec] = [
        minTTL,
        resource,
        scope,
        OptionSpec(names: ["--env"], takesValue: true),
        OptionSpec(names: ["--header-env"], takesValue: true),
        OptionSpec(names: ["--token-file"], takesValue: false),
        help,
    ]

    public static let ssh: [OptionSpec] = [help]

    /// By command name.
    public static let byCommand: [String: [OptionSpec]] = ["curl": curl, "exec": exec, "ssh": ssh]
}
