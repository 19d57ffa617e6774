/// `authhelper login URL`: an API that says what it needs (RFC 9728) is logged in to with
/// nothing else. Its protected resource metadata names the authorization servers and its scopes;
/// the chosen server is discovered (RFC 8414, OpenID Connect) and, without `--client-id`,
/// authhelper registers itself there (RFC 7591); the login then goes as any browser login, with
/// PKCE and `resource=` the API (RFC 8707). The profile records the API as its server, the
/// issuer, the client ID and the resource, so every adapter serves it as any other.
///
/// This only settles what to log in with: it returns the options a `LoginService` login takes.
public struct ResourceLogin: Sendable {
    let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    public func options(for text: String, given: LoginOptions) throws(AuthError) -> LoginOptions {
        let url = try ServerURL(parsing: text)
        let transport = context.world.makeTransport(
            HTTPOptions(timeout: context.timeoutOverride ?? Profile.defaultTimeout, caFile: given.caFile))
        let resource = try ProtectedResourceDiscovery(transport: transport, diagnostics: context.diagnostics)
            .discover(url, allowInsecureHTTP: false)
        context.diagnostics.debug(
            "\(url) is the protected resource \(resource.resource), issued tokens by \(resource.authorizationServers.map(\.description))")
        let issuer = try authorizationServer(of: resource, given: given.issuer)
        let metadata = try Discovery(transport: transport, diagnostics: context.diagnostics).discover(issuer, allowInsecureHTTP: false)
        var options = given
        options.server = given.server ?? url.description
        options.issuer = issuer.description
        if options.resources.isEmpty { options.resources = [resource.resource.description] }
        if options.scope == nil, !resource.scopesSupported.isEmpty { options.scope = resource.scopesSupported.joined(separator: " ") }
        if options.clientID == nil { try register(at: issuer, metadata, into: &options, transport: transport) }
        if options.grant == nil { options.grant = .browser }
        return options
    }

    /// The one authorization server, `--issuer` among several, or the person's choice at a
    /// terminal; else 64 naming them.
    private func authorizationServer(of resource: ProtectedResource, given: String?) throws(AuthError) -> ServerURL {
        let servers = resource.authorizationServers
        if let given {
            let wanted = try ServerURL(parsing: given)
            guard servers.contains(wanted) else {
                throw .usage(
                    "\(resource.resource) takes tokens from \(servers.map(\.description).joined(separator: ", ")), not \(wanted).")
            }
            return wanted
        }
        if servers.count == 1 { return servers[0] }
        let listed = servers.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        guard context.mayPrompt else {
            throw .usage(
                """
                \(resource.resource) takes tokens from \(servers.count) authorization servers; choose one with --issuer:
                \(listed)
                """)
        }
        context.tell("\(resource.resource) takes tokens from these authorization servers:\n\(listed)\n")
        let answer = try context.prompter.ask("Log in at [1-\(servers.count)]: ", secret: false).trimmingSpaceAndNewlines
        guard let number = Int(answer), (1...servers.count).contains(number) else {
            throw .usage("'\(printable(answer))' is none of 1 to \(servers.count); nothing was stored.")
        }
        return servers[number - 1]
    }

    /// Registers authhelper with `issuer` as a public native client on a loopback redirect port
    /// it records (a server matches the redirect URI byte for byte); the device grant only when
    /// `--device` asks for it.
    private func register(at issuer: ServerURL, _ metadata: ServerMetadata, into options: inout LoginOptions, transport: any HTTPTransport)
        throws(AuthError)
    {
        guard let endpoint = metadata.registrationEndpoint else {
            throw .usage(
                """
                The authorization server \(issuer) does not let clients register themselves (its metadata names no \
                registration_endpoint): a client ID is needed. Ask its administrator for one and run `authhelper login \
                \(options.server ?? "URL") --client-id ID`.
                """)
        }
        let port: UInt16
        if let given = options.redirectPort { port = given } else { port = try LoopbackListener.freePort() }
        let wantsDevice = options.grant == .device && metadata.deviceAuthorizationEndpoint != nil
        let registered = try ClientRegistration(transport: transport, diagnostics: context.diagnostics).register(
            at: endpoint, redirectURI: "http://127.0.0.1:\(port)\(BrowserLogin.callbackPath)", askForDeviceGrant: wantsDevice,
            allowInsecureHTTP: false)
        context.diagnostics.info("Registered authhelper with \(issuer) as the client '\(registered.clientID)'.")
        options.clientID = registered.clientID
        options.redirectPort = port
        options.registrationAccessToken = registered.registrationAccessToken
        if options.grant == .device, !registered.grantTypes.contains(ClientRegistration.deviceGrant) { options.grant = .browser }
    }
}
