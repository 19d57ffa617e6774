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
        var attempts = try target.attempts(freshness, answersStepUps: true)
        if attempts.signer != nil { try request.requireSignable() }
        let (method, url) = (request.method, request.urls.first ?? "")
        guard retry, target.scope.mayRetry(request) else {
            context.diagnostics.debug(
                """
                running curl once (no retry: \
                \(retry ? "the body cannot be sent twice, or the first URL is not the profile's server" : "--no-retry"))
                """
            )
            let only = try runner.run(
                arguments: arguments, authorization: try attempts.authorization(method: method, url: url), capture: nil,
                quietProgress: false)
            if let head = only.firstResponse { attempts.remember(head, from: url) }
            return only.exitStatus
        }
        // Each refusal answered at most once (RequestAttempts): the nonce a DPoP server asks for, a
        // refreshed token after a 401, a new login after a step-up challenge. An attempt that may
        // be refused is held back, and shown only when no retry follows. Only the first response
        // is the profile's server's own: after a redirect, a 401 from elsewhere says nothing about
        // this session.
        while true {
            let capture = attempts.mayRetry ? try CapturedOutput(folder: context.paths.runtimeFolder) : nil
            let outcome = try runner.run(
                arguments: arguments, authorization: try attempts.authorization(method: method, url: url), capture: capture,
                quietProgress: capture != nil && stdoutIsTerminal)
            guard let head = outcome.firstResponse, try attempts.retries(after: head, from: url), capture != nil else {
                capture?.replay()
                return outcome.exitStatus
            }
        }
    }
}
