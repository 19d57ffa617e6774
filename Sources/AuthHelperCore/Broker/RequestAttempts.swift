/// The attempts of one request authhelper sends with a profile's token itself (`curl`,
/// `mcp-proxy`), and the one rule for what the API's refusal of it gets — each answer at most once
/// per request, so no refusal makes a loop:
/// - a DPoP server's 401 `use_dpop_nonce` (RFC 9449 §8): the same request with the nonce it gave;
/// - a step-up challenge (RFC 9470; RFC 6750 `insufficient_scope`): never a refresh, which cannot
///   add scope or prove the person. Where the caller answers step-ups (curl), one login that
///   answers it (TokenService.stepUp: the person at the terminal, else 77 naming that login);
///   elsewhere (mcp-proxy, whose client owns the terminal) the refusal is the answer;
/// - any other 401: one refresh (or the token another process put in its place), then the
///   request once more.
public struct RequestAttempts {
    public let target: RequestTarget
    /// The DPoP key's signer, for a DPoP-bound profile: a new proof for every attempt (RFC 9449
    /// §4.3: a proof is good for one request).
    public let signer: DPoPRequestSigner?
    let answersStepUps: Bool
    /// The token the next attempt carries.
    public private(set) var accessToken: String
    private var nonce: String?
    private var answered = (nonce: false, refresh: false, stepUp: false)

    public init(target: RequestTarget, accessToken: String, signer: DPoPRequestSigner?, answersStepUps: Bool) {
        self.target = target
        self.accessToken = accessToken
        self.signer = signer
        self.answersStepUps = answersStepUps
    }

    /// Whether a refusal of the next attempt could still be answered (curl holds its output back
    /// only then).
    public var mayRetry: Bool { (signer != nil && !answered.nonce) || !answered.refresh || (answersStepUps && !answered.stepUp) }

    /// The headers that carry the token on the next attempt to `url`.
    public func authorization(method: String, url: String) throws(AuthError) -> RequestAuthorization {
        guard let signer else { return .bearer(accessToken) }
        return try signer.authorization(token: accessToken, method: method, url: url, nonce: nonce)
    }

    /// Keeps the `DPoP-Nonce` an answer from `url` gave (RFC 9449 §9: on success or refusal alike).
    public func remember(_ answer: ResponseHead, from url: String) {
        if let signer, let given = answer.dpopNonce { signer.remember(nonce: given, from: url) }
    }

    /// Whether the request to `url` goes once more after `answer` (then with what the rule above
    /// gives); false: `answer` is the caller's.
    public mutating func retries(after answer: ResponseHead, from url: String) throws(AuthError) -> Bool {
        remember(answer, from: url)
        if let stepUp = answer.stepUp {
            guard answersStepUps, !answered.stepUp else { return false }
            accessToken = try target.tokens.stepUp(stepUp, url: url, audience: target.audience).accessToken
            answered.stepUp = true
            return true
        }
        guard answer.status == 401 else { return false }
        if signer != nil, !answered.nonce, answer.asksForDPoPNonce, let given = answer.dpopNonce {
            target.tokens.context.diagnostics.debug("the API asked for a DPoP nonce: sending the request once more with it")
            (nonce, answered.nonce) = (given, true)
            return true
        }
        guard !answered.refresh else { return false }
        target.tokens.context.diagnostics.debug("HTTP 401 from the API: refreshing the token once and sending the request again")
        accessToken = try target.tokens.forceRefresh(rejected: accessToken, audience: target.audience).accessToken
        answered.refresh = true
        return true
    }
}
