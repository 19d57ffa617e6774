/// Where `authhelper curl` may send a profile's token: URLs of the profile's server (scheme,
/// host, port, path prefix), of the origins its `also_for` lists and of its `resources`, as
/// `git-credential` answers only for the profile's origin. Anything else is refused before curl
/// runs, and so are URLs of two of the profile's resources at once (one token goes to all).
public struct CurlTokenScope: Sendable {
    public let profile: Profile

    public init(profile: Profile) { self.profile = profile }

    /// 64 naming the first URL outside the scope, or the option authhelper refuses.
    public func check(_ request: CurlArguments) throws(AuthError) {
        if let refusal = request.refusal {
            throw .usage("authhelper curl does not run this: \(refusal).")
        }
        for text in request.urls {
            guard let url = RequestURL(text), admits(url) else {
                throw .usage(
                    """
                    authhelper curl sends the token of profile '\(profile.name)' only to \(profile.server) and the origins in its \
                    also_for and resources; '\(printable(text))' is none of them. Add its origin to also_for in the profile if it should \
                    get the token.
                    """
                )
            }
        }
        let apis = Set(request.urls.compactMap { RequestURL($0).flatMap(profile.resource(for:)) })
        if apis.count > 1 {
            throw .usage(
                "One authhelper curl sends one token, and these URLs are for \(apis.count) APIs (\(apis.sorted().joined(separator: ", "))); run one curl per API."
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
        profile.server.admits(url) || profile.alsoFor.contains { $0.admits(url) } || profile.resource(for: url) != nil
    }
}
