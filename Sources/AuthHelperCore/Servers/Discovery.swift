/// What an authorization server publishes about itself (RFC 8414 §2; OpenID Connect Discovery
/// §3): the endpoints authhelper records in a profile, and the client authentication methods.
public struct ServerMetadata: Equatable, Sendable {
    public let issuer: String
    public let tokenEndpoint: EndpointURL
    public let revocationEndpoint: EndpointURL?
    public let deviceAuthorizationEndpoint: EndpointURL?
    public let authorizationEndpoint: EndpointURL?
    public let tokenAuthMethods: [String]
    /// `authorization_response_iss_parameter_supported` (RFC 9207 §3): the server always sends
    /// `iss` with an authorization response, so one without it is refused.
    public let sendsIssInAuthorizationResponse: Bool
    /// OpenID Connect Core §5.3: where a login without a username learns who logged in.
    public let userinfoEndpoint: EndpointURL?
    /// `scopes_supported` lists `offline_access` (OpenID Connect Core §11): such a server often
    /// issues a refresh token only for that scope.
    public let offersOfflineAccess: Bool
    /// `scopes_supported` (RFC 8414 §2), printable, for the advice of a refusal a scope could fix.
    public let scopesSupported: [String]
    /// `dpop_signing_alg_values_supported` (RFC 9449 §5.1): the proof algorithms it takes; empty
    /// when it says nothing.
    public let dpopAlgorithms: [String]
    /// `registration_endpoint` (RFC 8414 §2, RFC 7591): where a client may register itself.
    public let registrationEndpoint: EndpointURL?

    /// Reads a metadata document; the issuer it names must be the one asked for (RFC 8414 §3.3),
    /// else a server could point authhelper at another's endpoints.
    public init(document body: [UInt8], url: String, expectedIssuer: ServerURL) throws(AuthError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            throw .malformedResponse("The metadata at \(url) is not JSON (\(error.reason) at byte \(error.offset)).")
        }
        guard let issuer = json["issuer"]?.stringValue else { throw .malformedResponse("The metadata at \(url) names no issuer.") }
        guard Self.sameIssuer(issuer, expectedIssuer.description) else {
            throw .malformedResponse(
                "The metadata at \(url) is for the issuer '\(printable(issuer))', not \(expectedIssuer); authhelper does not use it.")
        }
        func endpoint(_ key: String) throws(AuthError) -> EndpointURL? {
            guard let text = json[key]?.stringValue else { return nil }
            do {
                return try EndpointURL(parsing: text)
            } catch {
                throw .malformedResponse("The metadata at \(url) has an unusable \(key): \(error.message)")
            }
        }
        guard let token = try endpoint("token_endpoint") else {
            throw .malformedResponse("The metadata at \(url) names no token_endpoint.")
        }
        self.issuer = issuer
        self.tokenEndpoint = token
        self.revocationEndpoint = try endpoint("revocation_endpoint")
        self.deviceAuthorizationEndpoint = try endpoint("device_authorization_endpoint")
        self.authorizationEndpoint = try endpoint("authorization_endpoint")
        self.userinfoEndpoint = try endpoint("userinfo_endpoint")
        self.registrationEndpoint = try endpoint("registration_endpoint")
        let scopes = json["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        self.offersOfflineAccess = scopes.contains("offline_access")
        self.scopesSupported = scopes.prefix(30).map { printable($0, limit: 60) }
        self.sendsIssInAuthorizationResponse = json["authorization_response_iss_parameter_supported"] == .bool(true)
        if case .array(let algorithms)? = json["dpop_signing_alg_values_supported"] {
            self.dpopAlgorithms = algorithms.compactMap(\.stringValue).map { printable($0, limit: 20) }
        } else {
            self.dpopAlgorithms = []
        }
        if case .array(let methods)? = json["token_endpoint_auth_methods_supported"] {
            self.tokenAuthMethods = methods.compactMap(\.stringValue).map { printable($0, limit: 40) }
        } else {
            self.tokenAuthMethods = []
        }
    }

    /// Issuers compare as written, but for one trailing slash, which ServerURL drops.
    static func sameIssuer(_ a: String, _ b: String) -> Bool {
        func trimmed(_ s: String) -> Substring { s.hasSuffix("/") ? s.dropLast() : Substring(s) }
        return trimmed(a) == trimmed(b)
    }
}

extension Profile {
    /// Records what discovery found: the endpoints and the client authentication methods.
    public mutating func record(_ metadata: ServerMetadata) {
        tokenURL = metadata.tokenEndpoint
        revocationURL = metadata.revocationEndpoint
        deviceAuthorizationURL = metadata.deviceAuthorizationEndpoint
        authorizationURL = metadata.authorizationEndpoint
        tokenAuthMethods = metadata.tokenAuthMethods
        requiresIssInAuthorizationResponse = metadata.sendsIssInAuthorizationResponse
        offersOfflineAccess = metadata.offersOfflineAccess
    }
}

/// Finds an issuer's metadata: RFC 8414's `/.well-known/oauth-authorization-server` inserted
/// between the host and the issuer's path (§3.1), else OpenID Connect's
/// `/.well-known/openid-configuration` appended to the issuer. Runs at login (and when a recorded
/// endpoint has moved), never on the `header` path.
public struct Discovery: Sendable {
    let http: any HTTPTransport
    let diagnostics: Diagnostics

    public init(transport: any HTTPTransport, diagnostics: Diagnostics) {
        self.http = transport
        self.diagnostics = diagnostics
    }

    /// The two places a document may be, in the order they are tried.
    public static func documentURLs(for issuer: ServerURL) -> [String] {
        let origin = "\(issuer.scheme)://\(issuer.host)\(issuer.port.map { ":\($0)" } ?? "")"
        return [origin + "/.well-known/oauth-authorization-server" + issuer.path, issuer.description + "/.well-known/openid-configuration"]
    }

    public func discover(_ issuer: ServerURL, allowInsecureHTTP: Bool) throws(AuthError) -> ServerMetadata {
        try issuer.checkTransport(allowInsecureHTTP: allowInsecureHTTP)
        var tried: [String] = []
        for url in Self.documentURLs(for: issuer) {
            diagnostics.debug("GET \(url)")
            let response = try http.send(HTTPRequest(method: .get, url: url, headers: [("Accept", "application/json")]), onResponse: {})
            diagnostics.debug("discovery answered HTTP \(response.status), \(response.body.count) bytes")
            if response.status == 200 {
                let metadata = try ServerMetadata(document: response.body, url: url, expectedIssuer: issuer)
                for endpoint in [
                    metadata.tokenEndpoint, metadata.revocationEndpoint, metadata.deviceAuthorizationEndpoint,
                    metadata.authorizationEndpoint,
                    metadata.userinfoEndpoint, metadata.registrationEndpoint,
                ].compactMap({ $0 }) {
                    try endpoint.origin.checkTransport(allowInsecureHTTP: allowInsecureHTTP)
                }
                return metadata
            }
            if response.status >= 500 || response.status == 429 { throw try TokenResponseParser.commonError(response, url: url) }
            tried.append("\(url) (HTTP \(response.status))")
        }
        // An issuer often has a path (Keycloak's /realms/NAME, Glewlwyd's /api/oidc): one given
        // without it finds nothing at the host's root.
        let pathHint =
            issuer.path.isEmpty
            ? " An issuer's URL often has a path (Keycloak: https://HOST/realms/NAME; Glewlwyd: https://HOST/api/oidc); "
                + "give the issuer exactly as the server's administrator or its documentation names it."
            : ""
        throw .unavailable(
            """
            The issuer \(issuer) publishes no metadata: tried \(tried.joined(separator: " and ")).\(pathHint) Or give its \
            endpoints instead (`authhelper login --token-url URL`, or token_url in the profile).
            """
        )
    }
}
