/// Where `authhelper curl` may send a profile's token, and which URLs `header --url` signs for:
/// URLs of the profile's server (scheme, host, port, path prefix), of the origins its `also_for`
/// lists and of its `resources`, as `git-credential` answers only for the profile's origin. Anything else is refused before curl
/// runs, and so are URLs of two of the profile's resources at once (one token goes to all).
public struct CurlTokenScope: Sendable {
    public let profile: Profile

    public init(profile: Profile) { self.profile = profile }

    /// 64 naming the first URL outside the scope, or the option authhelper refuses. `asked`: the
    /// audience given with `--resource`/`--scope`, whose token goes only to its own resources.
    public func check(_ request: CurlArguments, asked: Audience? = nil) throws(AuthError) {
        if let refusal = request.refusal {
            throw .usage("authhelper curl does not run this: \(refusal).")
        }
        try check(urls: request.urls, asked: asked)
    }

    /// The same rule for the URLs of requests authhelper does not send itself (`header --url`).
    public func check(urls texts: [String], asked: Audience? = nil) throws(AuthError) {
        for text in texts {
            guard let url = RequestURL(text), admits(url) else {
                throw .usage(
                    """
                    authhelper sends the token of profile '\(profile.name)' only to \(profile.server) and the origins in its \
                    also_for and resources (https, or http on loopback); '\(printable(text))' is none of them. Add its origin to \
                    also_for in the profile if it should get the token.
                    """
                )
            }
        }
        let urls = texts.compactMap { text in RequestURL(text).map { (text, $0) } }
        if let asked, !asked.resources.isEmpty {
            // A token for A goes to A: every URL must lie on one of the resources asked for.
            for (text, url) in urls where !asked.resources.contains(where: { (try? ServerURL(parsing: $0))?.admits(url) == true }) {
                throw .usage(
                    """
                    The token asked for with --resource (\(asked.resources.joined(separator: " "))) is for that API only, and \
                    '\(printable(text))' is not on it; drop --resource, or run curl for that URL on its own.
                    """
                )
            }
        }
        // One curl sends one token: its URLs must all want the same one (a resource's, or the
        // profile's own for its server and also_for origins).
        let apis = Set(urls.map { profile.resource(for: $0.1) ?? "\(profile.server) (the profile's own token)" })
        if apis.count > 1 {
            throw .usage(
                """
                One request carries one token, and these URLs are for \(apis.count) APIs \
                (\(apis.sorted().joined(separator: ", "))); run one curl per API.
                """
            )
        }
    }

    /// Whether a 401 may be answered with a refresh and a second attempt: only for a request
    /// whose first URL is the profile's own server (a 401 from an also_for origin says nothing
    /// about this profile's session), and whose body can be sent twice.
    public func mayRetry(_ request: CurlArguments) -> Bool {
        guard let first = request.urls.first.flatMap(RequestURL.init) else { return false }
        return (profile.server.admits(first) || profile.resource(for: first) != nil) && request.isReplayable
    }

    private func admits(_ url: RequestURL) -> Bool {
        let admitted = profile.server.admits(url) || profile.alsoFor.contains { $0.admits(url) } || profile.resource(for: url) != nil
        // The plain-http rule at use too: a URL on an admitted origin by another scheme is not.
        return admitted && (url.scheme != "http" || ServerURL.isLoopback(host: url.host) || profile.allowInsecureHTTP)
    }
}
