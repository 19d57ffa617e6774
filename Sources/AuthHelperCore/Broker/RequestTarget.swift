/// A request authhelper sends or signs itself (`curl`, `header --method --url`, `mcp-proxy`): the
/// one place its URL turns into a profile and an audience. The profile is the one named
/// (`--profile`), else the URL's claimant (URLClaim, as for every tool), else the default — whose
/// scope check (CurlTokenScope: the profile's origins, plain http only on loopback) then says why
/// the URL gets no token; the audience is the one asked for (`--resource`/`--scope`), else the
/// resource the first URL lies on, else the profile's own.
public struct RequestTarget: Sendable {
    public let profile: Profile
    public let audience: Audience
    public let scope: CurlTokenScope
    /// The refresh engine, asking whom the caller allows.
    public let tokens: TokenService

    /// - Parameter check: curl's rule on the request (default: on `urls`); curl's own also
    ///   refuses the options that would send the token where the check cannot follow.
    public init(
        urls: [String], asked: Audience? = nil, context: AuthContext, attendance: Attendance = .terminal,
        check: ((CurlTokenScope) throws(AuthError) -> Void)? = nil
    ) throws(AuthError) {
        profile = try CredentialBroker(context: context).profile(
            forRequestTo: urls.first, in: try context.loadConfigWithForwardedProfile())
        scope = CurlTokenScope(profile: profile)
        if let check { try check(scope) } else { try scope.check(urls: urls, asked: asked) }
        audience = asked ?? urls.first.flatMap(RequestURL.init).map(profile.audience(for:)) ?? .profileDefault
        tokens = TokenService(context: context.selecting(profile.name).attended(by: attendance), profile: profile)
    }
}
