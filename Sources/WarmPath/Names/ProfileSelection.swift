/// Which profile a command acts on, written once for the commands, the fast path and the advice
/// in messages: `--profile`, else `AUTHHELPER_PROFILE`, else the config's `default_profile`,
/// else `default`.
public enum ProfileSelection {
    public static let fallback = "default"

    /// - Parameter configDefault: the config's `default_profile` (the fast path passes the one it
    ///   recorded for this very config file, so it needs no TOML).
    public static func name(flag: String?, environment: ProcessEnvironment, configDefault: String?) -> String {
        explicitName(flag: flag, environment: environment) ?? configDefault ?? fallback
    }

    /// The flag or the environment variable, when either names one.
    public static func explicitName(flag: String?, environment: ProcessEnvironment) -> String? {
        flag ?? environment["AUTHHELPER_PROFILE"]
    }

    public static func isExplicit(flag: String?, environment: ProcessEnvironment) -> Bool {
        explicitName(flag: flag, environment: environment) != nil
    }
}
