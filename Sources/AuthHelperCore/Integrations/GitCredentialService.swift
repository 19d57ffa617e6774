/// git's credential helper (gitcredentials(7)): an operation table as git's own helpers have.
/// `get` answers with a fresh token for the profile whose server matches the request, or with
/// nothing so git goes on to its next helper; `store` keeps nothing (sessions come from login);
/// `erase` drops the cached access token so the next `get` refreshes, never the refresh token;
/// a step-up challenge among git's `wwwauth[]` (git ≥ 2.41) is answered by the broker instead —
/// one login where git may prompt, else 77 naming it (git shows a helper's stderr); any other
/// operation is ignored, so a newer git keeps working.
public struct GitCredentialService {
    let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// What to print for `operation` on git's request (standard input); nil: print nothing.
    public func answer(operation: String) throws(AuthError) -> String? {
        guard let input = context.input.readAll(limit: 1 << 20) else {
            throw .usage("The credential request on stdin is larger than 1 MiB.")
        }
        guard let handle = Self.operations[operation] else { return nil }
        let request: GitCredentialRequest
        do throws(GitCredentialRequest.ParseError) {
            request = try GitCredentialRequest(parsing: input)
        } catch {
            throw .usage("The credential request from git is invalid: it has \(error.reason).")
        }
        // The one rule from a URL to a profile and token (URLClaim); without a path (git sends
        // one only with credential.useHttpPath) the origin must name one profile and token.
        guard let url = request.url,
            let claim = try CredentialBroker.claim(
                of: url, pathless: request.path == nil, in: try context.loadConfigWithForwardedProfile(), context: context)
        else {
            context.diagnostics.debug("no profile matches \(request.protocol ?? "?")://\(request.host ?? "?")")
            return nil
        }
        let profileContext = context.selecting(claim.profile.name).attended(by: .git(context.environment))
        return try handle(TokenService(context: profileContext, profile: claim.profile), request, claim.profile, claim.audience)
    }

    typealias Operation = @Sendable (TokenService, GitCredentialRequest, Profile, Audience) throws(AuthError) -> String?

    static let operations: [String: Operation] = [
        "get": { tokens, request, profile, audience throws(AuthError) in
            let token =
                if let stepUp = request.stepUp, let url = request.url {
                    try tokens.stepUp(stepUp, url: url.description, audience: audience, carrier: .bare("git's credential protocol"))
                } else {
                    try tokens.freshToken(.standard, audience: audience, carrier: .bare("git's credential protocol"))
                }
            return GitCredentialReply.render(request: request, username: profile.username, token: token)
        },
        "erase": { tokens, request, _, audience throws(AuthError) in
            // git gives up on this request; the login that answers the challenge serves its next one.
            if let stepUp = request.stepUp, let url = request.url {
                _ = try tokens.stepUp(stepUp, url: url.description, audience: audience, carrier: .bare("git's credential protocol"))
                return nil
            }
            try tokens.dropAccessToken(matching: request.attributes["credential"] ?? request.attributes["password"], audience: audience)
            return nil
        },
        // The session comes from `authhelper login`, not from git.
        "store": { _, _, _, _ in nil },
    ]
}
