/// One HTTP request as authhelper sends it: always a POST of a small form or an empty body.
public struct HTTPRequest: Sendable {
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(url: String, headers: [(String, String)], body: [UInt8] = []) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}
