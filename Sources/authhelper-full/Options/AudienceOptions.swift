import ArgumentParser
import AuthHelperCore

/// `--resource` and `--scope`: a token for other APIs than the profile's own, or with a narrower
/// scope than the login's (RFC 8707, RFC 6749 §6). Each such token is cached on its own; all come
/// from the profile's one refresh token.
struct AudienceOptions: ParsableArguments {
    @Option(
        name: .customLong("resource"),
        help: ArgumentHelp(
            "The API the token is for, as its absolute URI (RFC 8707 resource indicator; repeatable if the server allows several).",
            valueName: "uri"))
    var resources: [String] = []

    @Option(help: ArgumentHelp("A scope for this token, narrower than the login's (RFC 6749 §6).", valueName: "scope"))
    var scope: String?

    func validate() throws {
        do { _ = try Audience(resources: resources, scope: scope) } catch { throw ValidationError(error.message) }
    }

    /// What was asked for; `.profileDefault` when neither option was given.
    var audience: Audience { (try? Audience(resources: resources, scope: scope)) ?? .profileDefault }

    /// Whether either option was given (curl then ignores the profile's per-origin resources).
    var isGiven: Bool { !resources.isEmpty || scope != nil }
}
