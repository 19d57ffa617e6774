/// How many seconds of validity a caller wants from the access token it is handed (`--min-ttl`).
///
/// Two rules, and this type is the only place that knows them:
/// - **An explicit `--min-ttl N` is a promise.** The token handed out has at least N seconds left,
///   or a refresh happens first. When even a token the server has just issued cannot keep it (the
///   server grants less than N), that fresh token is handed out with a warning; never a loop.
/// - **The default (60 s) is a margin, capped at half the token's lifetime**, so a server that
///   issues tokens shorter than the margin does not cause a refresh on every call.
///
/// An expired token never satisfies either.
public enum Freshness: Sendable, Equatable {
    /// No `--min-ttl` given: `defaultSeconds`, capped at half the token's lifetime.
    case standard
    /// `--min-ttl N` given explicitly.
    case atLeast(Int64)
    /// N seconds where the server's lifetime is longer, else half of it: what a registry helper
    /// hands out (a tool keeps what `get` returned for a whole push), without a refresh per call
    /// when the server issues shorter tokens.
    case atLeastWhereGranted(Int64)
    /// N seconds where the server's lifetime is longer, else a token with nine tenths of its life
    /// left (a freshly refreshed one, the longest the server grants): for a tool that keeps the
    /// token for its whole run and never asks again (Terraform, which has no expiry field).
    case forWholeRun(Int64)

    /// What `docker-credential-authhelper get` asks for.
    public static let registry = Freshness.atLeastWhereGranted(300)

    /// What the Terraform credentials helper asks for: half an hour, or a fresh token.
    public static let terraform = Freshness.forWholeRun(1800)

    /// What a tool that keeps the token for a while asks for (cargo, Go, pip and uv, an MCP
    /// client between reconnects): ten minutes where the server grants more.
    public static let tool = Freshness.atLeastWhereGranted(600)

    /// The margin used when no `--min-ttl` is given.
    public static let defaultSeconds: Int64 = 60

    /// `--min-ttl` as parsed: nil when the option was not given.
    public init(minTTL: Int64?) {
        self = minTTL.map { .atLeast($0) } ?? .standard
    }

    /// Seconds of validity required of `token`.
    public func requiredSeconds(of token: CachedToken) -> Int64 {
        switch self {
        case .standard: min(Self.defaultSeconds, token.lifetime / 2)
        case .atLeast(let seconds): seconds
        case .atLeastWhereGranted(let seconds): token.lifetime > seconds ? seconds : token.lifetime / 2
        case .forWholeRun(let seconds): token.lifetime > seconds ? seconds : token.lifetime - token.lifetime / 10
        }
    }

    /// Whether `token` may be handed out now.
    public func isMet(by token: CachedToken, now: Int64) -> Bool {
        let remaining = token.remaining(at: now)
        return remaining > 0 && remaining >= requiredSeconds(of: token)
    }

    /// Whether no refresh could do better than `token`: the server's whole lifetime falls short of
    /// the promise, so a new token would fall short as well.
    public func isBeyondLifetime(of token: CachedToken) -> Bool {
        if case .atLeast(let seconds) = self { return token.lifetime < seconds }
        return false
    }
}
