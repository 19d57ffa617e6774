/// git's credential helper (gitcredentials(7)), an adapter of the broker: `get` answers with a
/// fresh token for the profile that claims git's URL, or nothing so git asks its next helper;
/// `store` keeps nothing; `erase` drops the cached access token, never the refresh token. A
/// step-up among git's `wwwauth[]` (git ≥ 2.41) is the broker's to answer: one login where git may
/// prompt, else 77 naming it. Other operations are ignored, so a newer git keeps working.
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
        do throws(GitCredentialRequest.ParseError) { request = try GitCredentialRequest(parsing: input) } catch {
            throw .usage("The credential request from git is invalid: it has \(error.reason).")
        }
        // The one URL rule; without a path (git sends one only with credential.useHttpPath) the
        // origin must name one profile and token.
        let broker = CredentialBroker(context: context)
        guard let url = request.url, let claim = try broker.claim(of: url, pathless: request.path == nil) else {
            context.diagnostics.debug("no profile matches \(request.protocol ?? "?")://\(request.host ?? "?")")
            return nil
        }
        let caller = CredentialBroker.Caller(
            protocolName: "git's credential protocol", freshness: .standard, attendance: .git(context.environment))
        return try handle(Call(broker: broker, request: request, url: url, claim: claim, caller: caller))
    }

    /// One call of the helper: git's request and the claim on its URL.
    struct Call {
        let broker: CredentialBroker, request: GitCredentialRequest, url: RequestURL, claim: URLClaim, caller: CredentialBroker.Caller
    }

    static let operations: OperationTable<Call, String?> = [
        "get": { call throws(AuthError) in
            let credential =
                if let stepUp = call.request.stepUp {
                    try call.broker.credential(answering: stepUp, at: call.url.description, for: call.claim, caller: call.caller)
                } else {
                    try call.broker.credential(for: call.claim, caller: call.caller)
                }
            return GitCredentialReply.render(request: call.request, username: call.claim.profile.username, token: credential.token)
        },
        "erase": { call throws(AuthError) in
            // git gives up on this request; the login that answers the challenge serves its next one.
            if let stepUp = call.request.stepUp {
                _ = try call.broker.credential(answering: stepUp, at: call.url.description, for: call.claim, caller: call.caller)
            } else {
                try call.broker.forget(call.claim, matching: call.request.attributes["credential"] ?? call.request.attributes["password"])
            }
            return nil
        },
        // The session comes from `authhelper login`, not from git.
        "store": { _ in nil },
    ]
}
