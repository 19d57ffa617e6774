/// What a protected resource says about itself (RFC 9728): its identifier, the authorization
/// servers that issue tokens for it, and the scopes it takes. Read at `login URL`, never on the
/// `header` path.
public struct ProtectedResource: Equatable, Sendable {
    /// The `resource` it names, checked against the URL asked (§3.3): the `resource=` of every
    /// token request (RFC 8707).
    public let resource: ServerURL
    public let authorizationServers: [ServerURL]
    /// `scopes_supported`: the API's own list, printable.
    public let scopesSupported: [String]
    /// Where the document was read.
    public let metadataURL: String

    /// Reads a metadata document read from `metadataURL` for a request to `url`; its `resource`
    /// must be `url`'s origin and a prefix of its path (a segment boundary), else a server could
    /// name another API as its own and have its tokens.
    public init(document body: [UInt8], metadataURL: String, for url: ServerURL) throws(AuthError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            throw .malformedResponse(
                "The protected resource metadata at \(metadataURL) is not JSON (\(error.reason) at byte \(error.offset)).")
        }
        guard let named = json["resource"]?.stringValue else {
            throw .malformedResponse("The protected resource metadata at \(metadataURL) names no resource.")
        }
        guard let resource = try? ServerURL(parsing: named), Self.covers(resource, url) else {
            throw .malformedResponse(
                """
                The protected resource metadata at \(metadataURL) is for '\(printable(named))', not \(url); authhelper does not use it \
                (RFC 9728 §3.3).
                """)
        }
        var servers: [ServerURL] = []
        for text in json["authorization_servers"]?.arrayValue?.compactMap(\.stringValue).prefix(10) ?? [] {
            do {
                servers.append(try ServerURL(parsing: text))
            } catch {
                throw .malformedResponse(
                    "The protected resource metadata at \(metadataURL) names an unusable authorization server: \(error.message)")
            }
        }
        guard !servers.isEmpty else {
            throw .malformedResponse("The protected resource metadata at \(metadataURL) names no authorization server.")
        }
        self.resource = resource
        self.authorizationServers = servers
        self.scopesSupported = (json["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []).prefix(30).map {
            printable($0, limit: 60)
        }
        self.metadataURL = metadataURL
    }

    /// Whether `resource` is `url`'s origin and its path a prefix of `url`'s, segment by segment.
    static func covers(_ resource: ServerURL, _ url: ServerURL) -> Bool {
        guard resource.scheme == url.scheme, resource.host == url.host, resource.port == url.port else { return false }
        return resource.path.isEmpty || url.path == resource.path || url.path.hasPrefix(resource.path + "/")
    }
}

/// Finds a protected resource's metadata (RFC 9728): from the `resource_metadata` of the
/// challenge it answers a request without a token with (§5.1), else at
/// `/.well-known/oauth-protected-resource` inserted between the host and the path (§3.1), else
/// at the host's root.
public struct ProtectedResourceDiscovery: Sendable {
    let http: any HTTPTransport
    let diagnostics: Diagnostics

    public init(transport: any HTTPTransport, diagnostics: Diagnostics) {
        self.http = transport
        self.diagnostics = diagnostics
    }

    public func discover(_ url: ServerURL, allowInsecureHTTP: Bool) throws(AuthError) -> ProtectedResource {
        try url.checkTransport(allowInsecureHTTP: allowInsecureHTTP)
        var candidates = Self.wellKnownURLs(for: url)
        diagnostics.debug("GET \(url) (no credentials: what does it say it needs?)")
        let probe = try http.send(
            HTTPRequest(method: .get, url: url.description, headers: [("Accept", "application/json")]), onResponse: {})
        diagnostics.debug("it answered HTTP \(probe.status)")
        if probe.status == 401, let pointed = Self.metadataURL(in: probe.authenticate) {
            candidates.insert(pointed, at: 0)
        }
        var tried: [String] = []
        for candidate in candidates {
            guard let metadataURL = try? ServerURL(parsing: candidate) else {
                tried.append("\(printable(candidate)) (not a usable URL)")
                continue
            }
            try metadataURL.checkTransport(allowInsecureHTTP: allowInsecureHTTP)
            diagnostics.debug("GET \(candidate)")
            let response = try http.send(
                HTTPRequest(method: .get, url: candidate, headers: [("Accept", "application/json")]), onResponse: {})
            diagnostics.debug("it answered HTTP \(response.status), \(response.body.count) bytes")
            if response.status == 200 {
                let resource = try ProtectedResource(document: response.body, metadataURL: candidate, for: url)
                for server in resource.authorizationServers { try server.checkTransport(allowInsecureHTTP: allowInsecureHTTP) }
                return resource
            }
            if response.status >= 500 || response.status == 429 { throw try TokenResponseParser.commonError(response, url: candidate) }
            tried.append("\(candidate) (HTTP \(response.status))")
        }
        throw .unavailable(
            """
            \(url) publishes no protected resource metadata (RFC 9728): it answered HTTP \(probe.status) without a \
            resource_metadata challenge, and nothing was at \(tried.joined(separator: " or ")). Log in with \
            `authhelper login --issuer ISSUER --client-id ID --resource \(url)` instead.
            """)
    }

    /// §3.1: the well-known path between the host and the resource's path; then the root's.
    public static func wellKnownURLs(for url: ServerURL) -> [String] {
        let origin = "\(url.scheme)://\(url.host)\(url.port.map { ":\($0)" } ?? "")"
        let root = origin + "/.well-known/oauth-protected-resource"
        return url.path.isEmpty ? [root] : [root + url.path, root]
    }

    /// The `resource_metadata` of a Bearer or DPoP challenge.
    static func metadataURL(in header: String?) -> String? {
        guard let header else { return nil }
        return AuthenticationChallenge.parse(header).lazy.filter { $0.scheme == "bearer" || $0.scheme == "dpop" }
            .compactMap { $0["resource_metadata"] }.first
    }
}
