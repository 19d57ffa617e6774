/// The rules a whole profile keeps, whoever wrote it: the config reader reports a break with the
/// file's line and key, login before anything is sent. Each rule and its sentence live here once.
extension Profile {
    /// A setting that cannot go with the others, and the config key to point at.
    public struct Conflict: Error, Sendable {
        public let key: String
        public let message: String
    }

    /// What a remembered password needs: a password grant, and a store that is not a plain file.
    public func checkCredentialSettings() throws(Conflict) {
        if grant.usesAuthorizationServer, rememberPassword {
            throw Conflict(
                key: "remember_password",
                message: "remember_password (--remember-password) has no password to remember with a \(grant.rawValue) login.")
        }
        if rememberPassword, store == .file {
            throw Conflict(
                key: "remember_password",
                message:
                    """
                    remember_password (--remember-password) cannot be used with the file store: the password would lie unencrypted on \
                    disk.
                    """
            )
        }
    }

    /// What the profile's grant needs of its server's endpoints.
    public func checkEndpointSettings() throws(Conflict) {
        if grant.usesAuthorizationServer, tokenURL == nil {
            throw Conflict(
                key: "grant",
                message:
                    """
                    A \(grant.rawValue) login needs a standard OAuth 2.0 server: give --issuer URL to discover its endpoints (or \
                    --token-url URL; token_url in the file).
                    """
            )
        }
        if grant == .device, deviceAuthorizationURL == nil {
            throw Conflict(
                key: "grant",
                message:
                    """
                    The server publishes no device authorization endpoint, so the device login cannot be used; give \
                    --device-authorization-url URL (device_authorization_url in the file), or log in with --browser.
                    """
            )
        }
        if grant == .browser, authorizationURL == nil {
            throw Conflict(
                key: "grant",
                message:
                    """
                    The server publishes no authorization endpoint, so the browser login cannot be used; give --authorization-url URL \
                    (authorization_url in the file), or log in with --device.
                    """
            )
        }
        if issuer != nil, tokenURL == nil {
            throw Conflict(
                key: "issuer",
                message:
                    """
                    Profile '\(name)' names an issuer but no token endpoint; run `authhelper login --issuer URL` to discover it, or \
                    set token_url.
                    """
            )
        }
    }

    /// The plain-http rule wherever a token goes, not only the server: every `also_for` origin and
    /// every resource must be https, or loopback, unless the profile says allow_insecure_http.
    public func checkTokenDestinations() throws(Conflict) {
        let destinations =
            alsoFor.map { ("also_for", $0) } + resources.compactMap { text in (try? ServerURL(parsing: text)).map { ("resources", $0) } }
        for registry in registries where registry.plainHTTP && !ServerURL.isLoopback(host: registry.host) && !allowInsecureHTTP {
            throw Conflict(
                key: "registries",
                message:
                    """
                    registries holds http://\(registry), which would get the token over plain http to a host that is not loopback; \
                    drop http://, or set allow_insecure_http = true in the profile if you accept that.
                    """
            )
        }
        for (key, url) in destinations where !mayCarryTokens(to: url) {
            throw Conflict(
                key: key,
                message:
                    """
                    \(key) holds \(url), which uses plain http to a host that is not loopback and would get the token \
                    unencrypted; use https, or set allow_insecure_http = true in the profile if you accept that.
                    """
            )
        }
    }

    /// Whether a token may travel to `url` by its scheme: https, plain http to loopback, or plain
    /// http where the profile allows it. The one transport rule for the config, login and use.
    public func mayCarryTokens(to url: ServerURL) -> Bool {
        url.scheme != "http" || url.isLoopback || allowInsecureHTTP
    }
}
