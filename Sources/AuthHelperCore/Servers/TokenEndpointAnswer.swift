/// What a token (or device authorization) endpoint answered, read once for every grant, the way
/// servers answer rather than the way RFC 6749 §5.2 says they should:
/// - a JSON body with an `error` member is an OAuth error whatever the status, 200 included (some
///   servers answer device polling that way);
/// - 400, 401 or 403 with no such body (an empty one, HTML) is a refusal without an explanation;
/// - a redirect, 429 and 5xx are the contract's common errors (TokenResponseParser.commonError).
enum TokenEndpointAnswer {
    case granted
    case oauthError(OAuthError)
    /// 400, 401 or 403 with no OAuth error in the body: the status.
    case refusedWithoutExplanation(Int)

    init(_ response: HTTPResponse, url: String) throws(AuthError) {
        let status = response.status
        if status == 200 || (400..<500).contains(status), status != 429, let error = OAuthError(response.body) {
            self = .oauthError(error)
        } else if status == 200 {
            self = .granted
        } else if [400, 401, 403].contains(status) {
            self = .refusedWithoutExplanation(status)
        } else {
            throw try TokenResponseParser.commonError(response, url: url)
        }
    }
}
