/// Whom a session belongs to: the origin of the token endpoint that issued it and the client ID
/// it was issued to, and the origins of the other endpoints that receive its secrets (revocation:
/// the refresh token and the client's credentials; device authorization: the client secret). Its
/// refresh token, client secret and remembered password are sent to those origins, as that
/// client, and nowhere else — not to another issuer a profile was re-pointed at, not to a token
/// endpoint that rediscovery found on another origin, not to an endpoint edited in the config.
public struct SessionBinding: Sendable, CustomStringConvertible {
    /// `scheme://host:port` of the token endpoint (the seed API's: its server).
    public let tokenOrigin: String
    public let clientID: String?
    /// The origin of each other endpoint that receives a secret, by its config key
    /// (`revocation_url`, `device_authorization_url`), as it was when the session was issued.
    public let endpointOrigins: [String: String]

    /// The config keys of the endpoints besides the token endpoint that receive a session's secrets.
    public static let boundEndpointKeys = ["revocation_url", "device_authorization_url"]

    public init(tokenOrigin: String, clientID: String?, endpointOrigins: [String: String] = [:]) {
        self.tokenOrigin = tokenOrigin
        self.clientID = clientID
        self.endpointOrigins = endpointOrigins
    }

    /// The origin `key`'s endpoint was bound to: the one recorded, else (a session stored before
    /// endpoints were recorded) the token endpoint's.
    public func boundOrigin(of key: String) -> String { endpointOrigins[key] ?? tokenOrigin }

    /// The origin of a URL, with the scheme's default port written out, so the same origin
    /// always compares equal.
    public static func origin(of url: ServerURL) -> String {
        "\(url.scheme)://\(url.host):\(url.port ?? RequestURL.defaultPort(url.scheme) ?? 0)"
    }

    public var description: String {
        "\(tokenOrigin) (\(clientID.map { "client '\(printable($0, limit: 60))'" } ?? "no client ID"))"
    }
}

/// Two bindings are the same issuer when token origin and client are: the other endpoints are
/// checked one by one where they are used (`Profile.requireBound`), so an edited one is named.
extension SessionBinding: Equatable {
    public static func == (lhs: SessionBinding, rhs: SessionBinding) -> Bool {
        lhs.tokenOrigin == rhs.tokenOrigin && lhs.clientID == rhs.clientID
    }
}

extension Profile {
    /// Where this profile's sessions are issued now.
    public var sessionBinding: SessionBinding {
        var endpoints: [String: String] = [:]
        for key in SessionBinding.boundEndpointKeys {
            if let url = endpoint(key) { endpoints[key] = SessionBinding.origin(of: url.origin) }
        }
        return SessionBinding(
            tokenOrigin: SessionBinding.origin(of: tokenURL?.origin ?? server), clientID: clientID, endpointOrigins: endpoints)
    }

    /// The endpoint a bound config key names.
    func endpoint(_ key: String) -> EndpointURL? {
        switch key {
        case "revocation_url": revocationURL
        case "device_authorization_url": deviceAuthorizationURL
        default: nil
        }
    }

    /// Every bound endpoint, before a stored secret of `session` is sent anywhere.
    public func requireEveryEndpointBound(for session: StoredSession) throws(AuthError) {
        for key in SessionBinding.boundEndpointKeys { try requireBound(key, for: session) }
    }

    /// Refuses, before anything is sent, an endpoint that would receive `session`'s secrets on
    /// another origin than the one it was bound to when the session was issued (the config edited
    /// by hand): 78, naming the key and the value it was bound to.
    public func requireBound(_ key: String, for session: StoredSession) throws(AuthError) {
        guard let binding = session.binding, let url = endpoint(key) else { return }
        let bound = binding.boundOrigin(of: key)
        guard SessionBinding.origin(of: url.origin) == bound else {
            throw .configuration(
                """
                Profile '\(name)': \(key) = \(url) is not where its session was issued (bound to \(bound)); authhelper sends the \
                session's refresh token and client secret nowhere else. Put \(key) back, or log in again with `authhelper login`.
                """
            )
        }
    }

    /// Whether `session` may be spent with this profile's endpoints and client: it was issued
    /// here. A session stored before sessions recorded their origin is taken as issued here.
    public func owns(_ session: StoredSession) -> Bool {
        session.binding.map { $0 == sessionBinding } ?? true
    }
}
