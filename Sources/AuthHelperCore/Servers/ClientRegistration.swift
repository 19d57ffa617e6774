/// Dynamic client registration (RFC 7591): authhelper registers itself with an authorization
/// server that lets a public client do so, as a native app (RFC 8252) — no client secret
/// (`token_endpoint_auth_method` `none`), the loopback redirect, the authorization code (with
/// PKCE) and refresh grants. The device grant is asked for only where the server lists it, and
/// dropped (and said) where registration refuses it: Glewlwyd 2.7 lists it in its metadata and
/// refuses it at registration.
public struct ClientRegistration: Sendable {
    let http: any HTTPTransport
    let diagnostics: Diagnostics

    public init(transport: any HTTPTransport, diagnostics: Diagnostics) {
        self.http = transport
        self.diagnostics = diagnostics
    }

    /// What the server registered.
    public struct Registered: Equatable, Sendable {
        public let clientID: String
        /// RFC 7592's token for reading or deleting the registration: a secret, kept in the store.
        public let registrationAccessToken: String?
        public let grantTypes: [String]
    }

    static let deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

    public func register(at endpoint: EndpointURL, redirectURI: String, askForDeviceGrant: Bool, allowInsecureHTTP: Bool)
        throws(AuthError) -> Registered
    {
        try endpoint.origin.checkTransport(allowInsecureHTTP: allowInsecureHTTP)
        let grants = ["authorization_code", "refresh_token"] + (askForDeviceGrant ? [Self.deviceGrant] : [])
        let response = try send(grants, redirectURI: redirectURI, to: endpoint)
        if askForDeviceGrant, response.status == 400, OAuthError(response.body)?.code == "invalid_client_metadata" {
            diagnostics.info(
                """
                The server lists the device grant but refused it at registration; registered without it (log in with the \
                browser).
                """)
            return try read(try send(Array(grants.dropLast()), redirectURI: redirectURI, to: endpoint), at: endpoint)
        }
        return try read(response, at: endpoint)
    }

    private func send(_ grants: [String], redirectURI: String, to endpoint: EndpointURL) throws(AuthError) -> HTTPResponse {
        let body = JSONValue.object([
            ("client_name", .string("authhelper")),
            ("application_type", .string("native")),
            ("redirect_uris", .array([.string(redirectURI)])),
            ("token_endpoint_auth_method", .string("none")),
            ("grant_types", .array(grants.map { .string($0) })),
            ("response_types", .array([.string("code")])),
            // Glewlwyd 2.7 reads token_endpoint_auth_method "none" only from an array, and makes
            // the client confidential otherwise; its own member says public. RFC 7591 §2: a
            // server ignores metadata it does not know.
            ("client_confidential", .bool(false)),
        ])
        diagnostics.debug("POST \(endpoint) (dynamic client registration: \(grants.joined(separator: ", ")))")
        let response = try http.send(
            HTTPRequest(
                url: endpoint.text, headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
                body: Array(body.serialized.utf8)), onResponse: {})
        diagnostics.debug("registration answered HTTP \(response.status), \(response.body.count) bytes")
        return response
    }

    private func read(_ response: HTTPResponse, at endpoint: EndpointURL) throws(AuthError) -> Registered {
        guard response.status == 200 || response.status == 201 else {
            if response.status >= 500 || response.status == 429 { throw try TokenResponseParser.commonError(response, url: endpoint.text) }
            let reason = OAuthError(response.body)?.summary ?? "HTTP \(response.status), without an explanation"
            throw .notPermitted(
                """
                The server refused to register authhelper as a client at \(endpoint) (\(reason)). Ask its administrator for a \
                client ID and log in with --client-id.
                """)
        }
        guard let json = try? JSONValue.parse(response.body), let clientID = json["client_id"]?.stringValue, !clientID.isEmpty,
            clientID.utf8.count <= 200
        else {
            throw .malformedResponse("The registration answer of \(endpoint) names no client_id.")
        }
        let grants = json["grant_types"]?.arrayValue?.compactMap(\.stringValue) ?? ["authorization_code"]
        diagnostics.registerToken(json["registration_access_token"]?.stringValue ?? "")
        return Registered(
            clientID: printable(clientID, limit: 200), registrationAccessToken: json["registration_access_token"]?.stringValue,
            grantTypes: grants)
    }
}
