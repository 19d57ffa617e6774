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
    let tokens: TokenService

    /// - Parameter check: curl's rule on the request (default: on `urls`); curl's own also
    ///   refuses the options that would send the token where the check cannot follow.
    public init(
        urls: [String], asked: Audience? = nil, context: AuthContext, attendance: Attendance = .terminal,
        check: ((CurlTokenScope) throws(AuthError) -> Void)? = nil
    ) throws(AuthError) {
        let broker = CredentialBroker(context: context)
        profile = try broker.profile(forRequestTo: urls.first, in: try broker.loadConfigWithForwardedProfile())
        scope = CurlTokenScope(profile: profile)
        if let check { try check(scope) } else { try scope.check(urls: urls, asked: asked) }
        audience = asked ?? urls.first.flatMap(RequestURL.init).map(profile.audience(for:)) ?? .profileDefault
        tokens = broker.tokens(for: profile, attendance: attendance)
    }

    /// The first attempt of a request with a token that meets `freshness`, signed where the
    /// profile is DPoP-bound: one read of the store for token and key (TokenService.tokenAndKey).
    public func attempts(_ freshness: Freshness, answersStepUps: Bool) throws(AuthError) -> RequestAttempts {
        let (token, key) = try tokens.tokenAndKey(freshness, audience: audience)
        return RequestAttempts(target: self, accessToken: token.accessToken, signer: key.map(signer(with:)), answersStepUps: answersStepUps)
    }

    /// The first attempt of one more request of a caller that holds the signer already (mcp-proxy
    /// reads the key once, at its start).
    public func attempts(signedBy signer: DPoPRequestSigner?, answersStepUps: Bool) throws(AuthError) -> RequestAttempts {
        let token = try tokens.freshToken(.standard, audience: audience, carrier: .proof)
        return RequestAttempts(target: self, accessToken: token.accessToken, signer: signer, answersStepUps: answersStepUps)
    }

    /// The signer of a DPoP-bound profile's requests (nil for a Bearer profile).
    public func signer() throws(AuthError) -> DPoPRequestSigner? { try tokens.dpopKey().map(signer(with:)) }

    private func signer(with key: DPoPKey) -> DPoPRequestSigner {
        DPoPRequestSigner(key: key, paths: tokens.context.paths, clock: tokens.context.clock)
    }
}
