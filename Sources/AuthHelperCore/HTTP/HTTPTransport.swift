/// Sends one request and returns the answer. The tool's transport is `HTTPClient` (libcurl);
/// unit tests hand the core a scripted one through `OutsideWorld`, so every branch of the refresh
/// discipline runs without a network.
public protocol HTTPTransport: Sendable {
    /// - Parameter onResponse: runs as soon as the transfer has ended, before anything else.
    func send(_ request: HTTPRequest, onResponse: () -> Void) throws(AuthError) -> HTTPResponse
}
