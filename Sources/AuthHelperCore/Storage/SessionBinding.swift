/// Whom a session belongs to: the origin of the token endpoint that issued it and the client ID
/// it was issued to. Its refresh token, client secret and remembered password are sent to that
/// origin, as that client, and nowhere else — not to another issuer a profile was re-pointed at,
/// not to a token endpoint that rediscovery found on another origin.
public struct SessionBinding: Equatable, Sendable, CustomStringConvertible {
    /// `scheme://host:port` of the token endpoint (the seed API's: its server).
    public let tokenOrigin: String
    public let clientID: String?

    public init(tokenOrigin: String, clientID: String?) {
        self.tokenOrigin = tokenOrigin
        self.clientID = clientID
    }

    /// The origin of a URL, with the scheme's default port written out, so the same origin
    /// always compares equal.
    public static func origin(of url: ServerURL) -> String {
        "\(url.scheme)://\(url.host):\(url.port ?? RequestURL.defaultPort(url.scheme) ?? 0)"
    }

    public var description: String {
        "\(tokenOrigin) (\(clientID.map { "client '\(printable($0, limit: 60))'" } ?? "no client ID"))"
    }
}

extension Profile {
    /// Where this profile's sessions are issued now.
    public var sessionBinding: SessionBinding {
        SessionBinding(tokenOrigin: SessionBinding.origin(of: tokenURL?.origin ?? server), clientID: clientID)
    }

    /// Whether `session` may be spent with this profile's endpoints and client: it was issued
    /// here. A session stored before sessions recorded their origin is taken as issued here.
    public func owns(_ session: StoredSession) -> Bool {
        session.binding.map { $0 == sessionBinding } ?? true
    }
}
