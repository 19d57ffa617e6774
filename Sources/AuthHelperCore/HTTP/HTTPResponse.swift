/// A server's answer: status, body (capped), and where a redirect pointed.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let body: [UInt8]
    /// The Location header of a 3xx, to name it in the error (redirects are never followed).
    public let location: String?
    /// A `DPoP-Nonce` header (RFC 9449 §8): the server's nonce for the next proof.
    public var dpopNonce: String?
    /// `WWW-Authenticate`, where a resource server says why it refused (RFC 9449 §7.1).
    public var authenticate: String?
    /// The headers the request asked for (`HTTPRequest.readHeaders`), by lower-cased name.
    public var headers: [String: String] = [:]

    public init(status: Int, body: [UInt8], location: String? = nil, dpopNonce: String? = nil) {
        self.status = status
        self.body = body
        self.location = location
        self.dpopNonce = dpopNonce
    }
}
