import ArgumentParser
import AuthHelperCore

/// `--min-ttl`, for the commands that hand out a token (header, token, curl, kube-credential).
struct MinTTLOption: ParsableArguments {
    static let spec = CommandOptionTable.minTTL

    @Option(
        name: .customLong("min-ttl"),
        help: ArgumentHelp(
            """
            Hand out a token with at least this many seconds left, refreshing first if needed (default: 60, capped at half the \
            token's lifetime).
            """,
            valueName: "seconds"))
    var minTTL: Int64?

    var freshness: Freshness { Freshness(minTTL: minTTL) }

    func validate() throws {
        if let minTTL, minTTL < 0 { throw ValidationError("--min-ttl must be 0 or more seconds, not \(minTTL).") }
    }
}
