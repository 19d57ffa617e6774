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
        let runner = context.world.makeCurlRunner(context.environment, context.paths.privateWorkDirectory)
        // curl prints its help or version and sends nothing: no token is needed, none is given.
        if request.printsOnly, request.refusal == nil { return try runner.runWithoutToken(arguments: arguments) }
        let profile = try context.requireProfile(in: try context.loadConfigWithForwardedProfile())
        let scope = CurlTokenScope(profile: profile)
        // Before any token exists: a URL outside the profile's origins is a usage error.
        try scope.check(request, asked: asked)
        let audience = asked ?? request.urls.first.flatMap(RequestURL.init).map(profile.audience(for:)) ?? .profileDefault
        let tokens = TokenService(context: context, profile: profile)
        let token = try tokens.freshToken(freshness, audience: audience)
        guard retry, scope.mayRetry(request) else {
            context.diagnostics.debug(
                "running curl once (no retry: \(retry ? "the body cannot be sent twice, or the first URL is not the profile's server" : "--no-retry"))"
            )
            return try runner.run(arguments: arguments, token: token.accessToken, capture: nil, quietProgress: false).exitStatus
        }
        let capture = try CapturedOutput(directory: context.paths.privateWorkDirectory)
        let first = try runner.run(arguments: arguments, token: token.accessToken, capture: capture, quietProgress: stdoutIsTerminal)
        // Only the first response is the profile's server's own: after a redirect, a 401 from
        // elsewhere says nothing about this session.
        guard first.firstHTTPStatus == 401 else {
            capture.replay()
            return first.exitStatus
        }
        context.diagnostics.debug("HTTP 401 from the profile's server: refreshing once and retrying")
        let renewed = try tokens.forceRefresh(rejected: token.accessToken, audience: audience)
        return try runner.run(arguments: arguments, token: renewed.accessToken, capture: nil, quietProgress: false).exitStatus
    }
}

/// What CurlService needs of curl (CurlRunner; unit tests script their own).
public protocol CurlRunning: Sendable {
    /// curl's help or version: no token at all.
    func runWithoutToken(arguments: [String]) throws(AuthError) -> Int32
    /// Runs curl once with `token`; with `capture`, its output is held back for `replay`.
    func run(arguments: [String], token: String, capture: CapturedOutput?, quietProgress: Bool) throws(AuthError) -> CurlRunner.Outcome
}

extension CurlRunner: CurlRunning {}
