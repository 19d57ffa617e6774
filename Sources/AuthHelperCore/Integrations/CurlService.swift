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
        let token = try tokens.freshToken(freshness, audience: audience, carrier: .proof)
        let key = try tokens.dpopKey()
        if key != nil, request.urls.count != 1 {
            throw .usage("A DPoP proof is for one request: with a DPoP-bound profile, run one authhelper curl per URL.")
        }
        // A new proof for every attempt (RFC 9449 §4.3: a proof is good for one request).
        let authorize = { (token: String) throws(AuthError) -> CurlAuthorization in
            guard let key, let url = request.urls.first else { return .bearer(token) }
            let proof = try DPoPProof.make(
                key: key, method: Self.method(of: arguments, request: request), url: url, now: context.clock.now(), accessToken: token)
            return .dpop(token: token, proof: proof)
        }
        guard retry, scope.mayRetry(request) else {
            context.diagnostics.debug(
                "running curl once (no retry: \(retry ? "the body cannot be sent twice, or the first URL is not the profile's server" : "--no-retry"))"
            )
            return try runner.run(arguments: arguments, authorization: try authorize(token.accessToken), capture: nil, quietProgress: false)
                .exitStatus
        }
        let capture = try CapturedOutput(directory: context.paths.privateWorkDirectory)
        let first = try runner.run(
            arguments: arguments, authorization: try authorize(token.accessToken), capture: capture, quietProgress: stdoutIsTerminal)
        // Only the first response is the profile's server's own: after a redirect, a 401 from
        // elsewhere says nothing about this session.
        guard first.firstHTTPStatus == 401 else {
            capture.replay()
            return first.exitStatus
        }
        context.diagnostics.debug("HTTP 401 from the profile's server: refreshing once and retrying")
        let renewed = try tokens.forceRefresh(rejected: token.accessToken, audience: audience)
        return try runner.run(arguments: arguments, authorization: try authorize(renewed.accessToken), capture: nil, quietProgress: false)
            .exitStatus
    }

    /// The HTTP method curl will use (a proof names it, `htm`): `-X`/`--request`, else HEAD for
    /// `-I`/`--head`, PUT for an upload, POST for a body, else GET.
    static func method(of arguments: [String], request: CurlArguments) -> String {
        let own = arguments.prefix { $0 != "--" }
        for (index, argument) in own.enumerated() {
            if argument == "-X" || argument == "--request", index + 1 < own.count {
                return own[own.index(own.startIndex, offsetBy: index + 1)]
            }
            if argument.hasPrefix("-X"), argument.count > 2, !argument.hasPrefix("--") { return String(argument.dropFirst(2)) }
        }
        if own.contains(where: { $0 == "-I" || $0 == "--head" }) { return "HEAD" }
        if own.contains(where: { $0 == "-T" || $0 == "--upload-file" }) { return "PUT" }
        if own.contains(where: { $0 == "-G" || $0 == "--get" }) { return "GET" }
        return request.bodySources.isEmpty ? "GET" : "POST"
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

    public var headerLines: [String] {
        switch self {
        case .bearer(let token): ["Authorization: Bearer \(token)"]
        case .dpop(let token, let proof): ["Authorization: DPoP \(token)", "DPoP: \(proof)"]
        }
    }
}

extension CurlRunner: CurlRunning {}
