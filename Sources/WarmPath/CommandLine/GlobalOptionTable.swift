/// The one table of the options every command takes. The warm grammar (WarmRequest), `authhelper curl`'s split
/// between its own options and curl's, and the move of options typed before the command name all
/// read it; `GlobalOptions` declares the same options for ArgumentParser, and a test compares the
/// two through `--experimental-dump-help`, so a new global option cannot be added to one and
/// missed by the others (where `curl` would hand it to curl without a word).
public enum GlobalOptionTable {
    public static let profile = OptionSpec(names: ["--profile"], takesValue: true)
    public static let config = OptionSpec(names: ["--config"], takesValue: true)
    public static let verbose = OptionSpec(names: ["-v", "--verbose"], takesValue: false)
    public static let noPrompt = OptionSpec(names: ["--no-prompt"], takesValue: false)
    public static let timeout = OptionSpec(names: ["--timeout"], takesValue: true)

    public static let entries: [OptionSpec] = [profile, config, verbose, noPrompt, timeout]

    /// `--timeout`'s seconds: GlobalOptions checks it, the warm grammar hands anything else over.
    public static let timeoutRange = 1...3600
}
