/// The headers that carry the token to the API: `Authorization: Bearer`, or for a DPoP-bound
/// profile `Authorization: DPoP` and the request's own proof (RFC 9449 §7.1).
public enum RequestAuthorization: Sendable, Equatable {
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
