/// One HTTP request as authhelper sends it: a POST of a small form or an empty body, a GET (for
/// discovery documents), or the MCP bridge's POST, GET and DELETE.
public struct HTTPRequest: Sendable {
    /// Its raw value is the method's name on the wire (what a DPoP proof's `htm` names).
    public enum Method: String, Sendable {
        case post = "POST"
        case get = "GET"
        case delete = "DELETE"
    }

    public var method: Method
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Response headers the caller wants back (HTTPResponse.headers), besides those every
    /// response carries.
    public var readHeaders: [String] = []
    /// Where a 200 answer's body goes as it arrives, instead of into the response (the MCP
    /// server's own event stream, which may last the whole session). Other answers are kept as
    /// usual.
    public var stream: (@Sendable ([UInt8]) -> Void)?

    public init(method: Method = .post, url: String, headers: [(String, String)], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
