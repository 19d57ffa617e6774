/// One endpoint of an OAuth 2.0 server (token, revocation, device authorization, authorization),
/// kept exactly as the server or the user wrote it: a trailing slash matters to many servers
/// (django-oauth-toolkit's `/o/token/` answers `/o/token` with a redirect, which is never
/// followed). Validated like a server URL: http(s), a host, no user information.
public struct EndpointURL: Equatable, Sendable, CustomStringConvertible {
    public let text: String
    /// The same URL as a server URL, for the transport rule (https, or http to loopback).
    public let origin: ServerURL

    public init(parsing text: String) throws(AuthError) {
        origin = try ServerURL(parsing: text)
        guard !text.contains("?"), !text.contains("#") else {
            throw .usage("The endpoint URL '\(printable(text))' has a query or fragment.")
        }
        self.text = text
    }

    public var description: String { text }
}
