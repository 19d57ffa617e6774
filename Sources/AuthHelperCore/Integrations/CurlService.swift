/// `authhelper curl`: curl with the profile's token, only on requests to the profile's origins;
/// one refresh and one retry when the profile's own server answers 401.
public struct CurlService {
    let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// Runs curl as asked; its exit status. `audience`: `--resource`/`--scope`, else (nil) the
    /// audience of the first URL's origin among the profile's resources. `retry`: false with `--no-retry`;
    /// `stdoutIsTerminal`: a held-back first attempt then hides curl's progress meter, as curl
    /// itself would on the person's terminal.
    public func run(
        _ arguments: [String], freshness: Freshness, audience asked: Audience? = nil, retry: Bool, stdoutIsTerminal: Bool
    ) throws(AuthError) -> Int32 {
        let request = CurlArguments(parsing: arguments)
        let runner = context.world.makeCurlRunner(context.environment, context.paths.runtimeFolder)
        // curl prints its help or version and sends nothing: no token is needed, none is given.
        if request.printsOnly, request.refusal == nil { return try runner.runWithoutToken(arguments: arguments) }
        // Before any token exists: a URL outside the profile's origins is a usage error.
        let target = try RequestTarget(urls: request.urls, asked: asked, context: context) { scope throws(AuthError) in
            try scope.check(request, asked: asked)
        }
        let (scope, audience, tokens) = (target.scope, target.audience, target.tokens)
        let (token, key) = try tokens.tokenAndKey(freshness, audience: audience)
        let signer = key.map { DPoPRequestSigner(key: $0, paths: context.paths, clock: context.clock) }
        if signer != nil, request.urls.count != 1 {
            throw .usage("A DPoP proof is for one request: with a DPoP-bound profile, run one authhelper curl per URL.")
        }
        if signer != nil, request.followsRedirects {
            throw .usage(
                """
                With a DPoP-bound profile, authhelper curl does not follow redirects (-L, --location): curl would send the DPoP \
                proof to whatever host a redirect names. Call the final URL.
                """)
        }
        let method = request.method
        // A new proof for every attempt (RFC 9449 §4.3: a proof is good for one request).
        let authorize = { (token: String, nonce: String?) throws(AuthError) -> CurlAuthorization in
            guard let signer, let url = request.urls.first else { return .bearer(token) }
            return try signer.authorization(token: token, method: method, url: url, nonce: nonce)
        }
        let remember = { (outcome: CurlRunner.Outcome) in
            if let signer, let url = request.urls.first, let head = outcome.firstResponse { signer.remember(head, from: url) }
        }
        guard retry, scope.mayRetry(request) else {
            context.diagnostics.debug(
                """
                running curl once (no retry: \
                \(retry ? "the body cannot be sent twice, or the first URL is not the profile's server" : "--no-retry"))
                """
            )
            let only = try runner.run(
                arguments: arguments, authorization: try authorize(token.accessToken, nil), capture: nil, quietProgress: false)
            remember(only)
            return only.exitStatus
        }
        // At most four attempts, each retry once: with the nonce a DPoP server asked for, with a
        // refreshed token after a 401, and with a new login after a step-up challenge (a person
        // at the terminal; nobody: 77 naming the login). Only the first response is the profile's
        // server's own: after a redirect, a 401 from elsewhere says nothing about this session.
        var accessToken = token.accessToken
        var nonce: String?
        var (nonceRetried, refreshed, steppedUp) = (false, false, false)
        while true {
            let mayRetry = (signer != nil && !nonceRetried) || !refreshed || !steppedUp
            let capture = mayRetry ? try CapturedOutput(folder: context.paths.runtimeFolder) : nil
            let outcome = try runner.run(
                arguments: arguments, authorization: try authorize(accessToken, nonce), capture: capture,
                quietProgress: capture != nil && stdoutIsTerminal)
            remember(outcome)
            guard let head = outcome.firstResponse, head.status == 401 || head.stepUp != nil, let capture else {
                capture?.replay()
                return outcome.exitStatus
            }
            if let stepUp = head.stepUp, !steppedUp, let url = request.urls.first {
                // A refresh cannot answer it; a second challenge after the new login is the caller's.
                // Nobody to ask: the refusal's body is no product; the error says why and what answers it.
                accessToken = try tokens.stepUp(stepUp, url: url, audience: audience).accessToken
                steppedUp = true
            } else if head.stepUp == nil, signer != nil, !nonceRetried, head.asksForDPoPNonce, let given = head.dpopNonce {
                context.diagnostics.debug("the API asked for a DPoP nonce: sending the request once more with it")
                (nonce, nonceRetried) = (given, true)
            } else if head.stepUp == nil, !refreshed {
                context.diagnostics.debug("HTTP 401 from the profile's server: refreshing once and retrying")
                accessToken = try tokens.forceRefresh(rejected: accessToken, audience: audience).accessToken
                refreshed = true
            } else {
                capture.replay()
                return outcome.exitStatus
            }
        }
    }
}

/// What CurlService needs of curl (CurlRunner; unit tests script their own).
public protocol CurlRunning: Sendable {
    /// curl's help or version: no token at all.
    func runWithoutToken(arguments: [String]) throws(AuthError) -> Int32
    /// Runs curl once with `authorization`; with `capture`, its output is held back for `replay`.
    func run(arguments: [String], authorization: CurlAuthorization, capture: CapturedOutput?, quietProgress: Bool) throws(AuthError)
        -> CurlRunner.Outcome
}

/// The headers that carry the token to the API: `Authorization: Bearer`, or for a DPoP-bound
/// profile `Authorization: DPoP` and the request's own proof (RFC 9449 §7.1).
public enum CurlAuthorization: Sendable, Equatable {
    case bearer(String)
    case dpop(token: String, proof: String)

    public var token: String {
        switch self {
        case .bearer(let token), .dpop(let token, _): token
        }
    }

    /// The request headers that carry it, as (name, value).
    public var headerFields: [(String, String)] {
        switch self {
        case .bearer(let token): [("Authorization", "Bearer \(token)")]
        case .dpop(let token, let proof): [("Authorization", "DPoP \(token)"), ("DPoP", proof)]
        }
    }

    /// The same headers as curl's `-H` lines.
    public var headerLines: [String] { headerFields.map { "\($0.0): \($0.1)" } }
}

extension CurlRunner: CurlRunning {}
