/// The one question a tool's adapter asks: "a credential for this URL, for this caller". The
/// adapter parses its protocol into a URL and a `Caller`, asks here, and renders the answer in
/// its protocol; the rules live here once:
/// - the profile and the token's audience come from the URL (URLClaim, the one rule);
/// - never a refresh token, and never a DPoP-bound token to a caller that can carry only a bare
///   one (refused with the caller's name and the reason);
/// - never a prompt: a tool runs its helper with pipes, and a session that has ended says which
///   `authhelper login` renews it;
/// - the token's remaining life is the caller's (`Caller.freshness`: how long the tool keeps it).
public struct CredentialBroker: Sendable {
    let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// Who asks, as the broker needs to know it.
    public struct Caller: Sendable {
        /// The protocol, named in a refusal ("cargo's credential protocol").
        public let protocolName: String
        /// How long the token must last: how long the tool keeps what it was handed.
        public let freshness: Freshness
        /// Who may be asked during the call (a re-login, the keyring's unlock dialog): for a
        /// tool's helper, nobody.
        public let attendance: Attendance

        public init(protocolName: String, freshness: Freshness, attendance: Attendance = .nobody) {
            self.protocolName = protocolName
            self.freshness = freshness
            self.attendance = attendance
        }
    }

    /// What a tool is handed: the access token, and the user name for protocols that want one.
    public struct Credential: Sendable {
        public let profile: Profile
        public let token: CachedToken
        /// `registry_username`, else the login's user name (empty when the login named nobody).
        public var username: String { profile.registryUsername ?? profile.username }
    }

    /// The profile (and resource) that answers for `url`; nil when no profile claims it.
    /// - Parameter pathless: the tool named only the host (pip's `HOST:PORT` retry): answered only
    ///   where one profile holds the whole origin, since the path that would choose is not there.
    public func claim(of url: RequestURL, pathless: Bool = false) throws(AuthError) -> URLClaim? {
        try Self.claim(of: url, pathless: pathless, in: try loadConfigWithForwardedProfile(), context: context)
    }

    /// The rule with the config already read (git's helper reads it for its own policy too).
    public static func claim(of url: RequestURL, pathless: Bool, in config: Config, context: AuthContext) throws(AuthError) -> URLClaim? {
        if pathless {
            let claim = URLClaim.originClaimant(of: url, in: config, named: context.profileFlag)
            if claim == nil {
                context.diagnostics.debug(
                    "\(url.originText) alone does not say which profile: no profile, or several by path or token, claim it")
            }
            return claim
        }
        let claim = try URLClaim.claimant(of: url, in: config, named: context.profileFlag)
        if claim == nil {
            context.diagnostics.debug(
                "no profile claims \(url)\(context.profileFlag.map { " (asked for profile \($0))" } ?? "") by its server, "
                    + "also_for, resources or registries")
        }
        return claim
    }

    /// The profile of a request authhelper sends or signs itself (`curl`, `header --url`): the one
    /// named (`--profile`, `AUTHHELPER_PROFILE`), else the profile that claims `url` (URLClaim, as
    /// for every tool), else the default profile — whose scope check (CurlTokenScope) then says
    /// why the URL gets no token.
    public func profile(forRequestTo url: String?, in config: Config) throws(AuthError) -> Profile {
        if !profileChosenExplicitly, let url = url.flatMap(RequestURL.init), let claim = try URLClaim.claimant(of: url, in: config) {
            context.diagnostics.debug("profile \(claim.profile.name) claims \(url)")
            return claim.profile
        }
        return try requireProfile(in: config)
    }

    /// A token for `claim` that lasts as long as `caller` needs.
    public func credential(for claim: URLClaim, caller: Caller) throws(AuthError) -> Credential {
        let token = try tokens(for: claim.profile, attendance: caller.attendance).freshToken(
            caller.freshness, audience: claim.audience, carrier: .bare(caller.protocolName))
        return Credential(profile: claim.profile, token: token)
    }

    /// The tool says the server refused `rejected`: one refresh under the profile's lock (or the
    /// token another process has already put in its place), never a second cached copy.
    public func credential(replacing rejected: String?, for claim: URLClaim, caller: Caller) throws(AuthError) -> Credential {
        try claim.profile.requireBearer(for: caller.protocolName)
        let token = try tokens(for: claim.profile, attendance: caller.attendance).forceRefresh(rejected: rejected, audience: claim.audience)
        return Credential(profile: claim.profile, token: token)
    }

    /// The tool says the server at `url` wants more than the token gives (a step-up challenge):
    /// a login that answers it where someone is there to log in (TokenService.stepUp), else 77
    /// naming that login; never a refresh.
    public func credential(answering challenge: StepUpChallenge, at url: String, for claim: URLClaim, caller: Caller)
        throws(AuthError) -> Credential
    {
        let token = try tokens(for: claim.profile, attendance: caller.attendance).stepUp(
            challenge, url: url, audience: claim.audience, carrier: .bare(caller.protocolName))
        return Credential(profile: claim.profile, token: token)
    }

    /// Forgets the cached access token of `claim` so the next call refreshes; the session stays.
    /// With `matching`, only while that token (the one the tool says was refused) is the current one.
    public func forget(_ claim: URLClaim, matching token: String? = nil) throws(AuthError) {
        try tokens(for: claim.profile).dropAccessToken(matching: token, audience: claim.audience)
    }

    /// Records the answer to `lookup` for the front (ToolClaimRecord), which then answers the same
    /// lookup from the runtime cache while the token is fresh. Only a bare token's profile of this
    /// machine is recorded: the front hands out nothing else.
    public func remember(_ claim: URLClaim, credential: Credential, tool: WarmRequest.Command, lookup: String) {
        guard !claim.profile.dpop, claim.profile.forwardedBy == nil, claim.profile.cache, !RuntimeCache.isDisabled(by: context.environment)
        else { return }
        let entry = ToolClaimRecord.Entry(
            tool: tool, profileFlag: context.profileFlag, lookup: lookup, profile: claim.profile.name, username: credential.username,
            resource: claim.resource)
        try? ToolClaimRecord.remember(entry, paths: context.paths, configFingerprint: claim.profile.configFingerprint)
    }

    /// The refresh engine for `profile`, asking only whom `attendance` allows (a tool runs its
    /// helper with pipes: nobody).
    func tokens(for profile: Profile, attendance: Attendance = .nobody) -> TokenService {
        TokenService(context: context.selecting(profile.name).attended(by: attendance), profile: profile)
    }
}
