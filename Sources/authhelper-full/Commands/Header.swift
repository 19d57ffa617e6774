import ArgumentParser
import AuthHelperCore

struct Header: TokenCommand {
    static let product = TokenProduct.header

    static let configuration = CommandConfiguration(
        abstract: "Print 'Authorization: Bearer <access token>'.",
        discussion: """
            Refreshes first when the access token has less than --min-ttl seconds left. An explicit \
            --min-ttl is a promise: the token printed has at least that many seconds left, or, when \
            even a token the server has just issued cannot keep it, that fresh token is printed with \
            a warning naming the server's lifetime. Without --min-ttl the margin is 60 seconds, \
            capped at half the token's lifetime, so short-lived tokens do not cause a refresh on \
            every call.

            Examples:
              curl -H @<(authhelper header) https://api.example.com/users/me   # token in no argv
              authhelper --profile work header --min-ttl 300
              authhelper header --resource https://files.example.com/   # a token for that API
              authhelper header --method GET --url https://api.example.com/users/me   # DPoP: both headers
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var minTTL: MinTTLOption
    @OptionGroup var audience: AudienceOptions

    @Option(
        help: ArgumentHelp(
            "The method of the request the header is for (with --url): a DPoP profile's proof names it.", valueName: "method"))
    var method: String?

    @Option(
        help: ArgumentHelp(
            "The URL of the request the header is for (with --method): one of the profile's origins, as for authhelper curl; "
                + "a URL on a resource's origin gets that resource's token.", valueName: "url"))
    var url: String?

    func validate() throws {
        guard (method == nil) == (url == nil) else { throw ValidationError("Give --method and --url together.") }
        if let method, method.isEmpty || !method.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
            throw ValidationError("--method takes an HTTP method such as GET or POST, not '\(printable(method))'.")
        }
        if let url, RequestURL(url) == nil || !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw ValidationError("--url takes the request's absolute http(s) URL, not '\(printable(url))'.")
        }
    }

    /// With --method and --url, the headers of that one request: for a DPoP profile
    /// `Authorization: DPoP` and its proof (RFC 9449 §7); else the bearer header as always.
    func run() throws {
        guard let method, let url else { return try serveProduct() }
        let context = options.makeContext()
        try runReportingErrors(context) { () throws(AuthError) in
            // The URL is held to curl's rule: only the profile's origins (and plain http only on
            // loopback), and the token of the resource the URL lies on, as curl would send.
            let target = try RequestTarget(urls: [url], asked: audience.isGiven ? audience.audience : nil, context: context)
            let authorization = try target.attempts(minTTL.freshness, answersStepUps: false).authorization(method: method, url: url)
            try writeProductOrFail(authorization.headerLines.map { $0 + "\n" }.joined())
        }
    }
}
