import AuthHelperCore

/// `authhelper header` and `authhelper token` that the front handed over (the cache could not
/// answer: off, missing, stale, or -v), served without ArgumentParser, whose parsing is the larger
/// part of a cold call (docs/speed.md, "Why the code is shaped this way").
///
/// The command line is read by the front's own grammar (WarmRequest), so the two never read one
/// line differently; anything it does not take (`--help`, a bad value, an unknown option)
/// returns nil and ArgumentParser runs, which gives a proper usage error.
enum FastPath {
    /// - Parameter arguments: the whole argv, the program name first.
    static func run(_ arguments: [String]) -> Int32? {
        guard let request = WarmRequest.parse(Array(arguments.dropFirst())), let product = request.product else { return nil }
        let context = AuthContext(
            environment: .current(), configFlag: request.configFlag, profileFlag: request.profileFlag,
            verbose: request.verbose, timeoutOverride: request.timeout, promptAllowed: !request.noPrompt)
        return product.serve(context: context, freshness: request.freshness, audience: request.audience)
    }
}
