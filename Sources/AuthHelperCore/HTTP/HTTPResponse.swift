/// A server's answer: status, body (capped), and where a redirect pointed.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let body: [UInt8]
    /// The Location header of a 3xx, to name it in the error (redirects are never followed).
    public let location: String?

    public init(status: Int, body: [UInt8], location: String? = nil) {
        self.status = status
        self.body = body
        self.location = location
    }
}
