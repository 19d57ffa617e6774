/// Which refresh endpoint a profile uses (the seed API has two).
public enum RefreshEndpoint: String, Sendable, CaseIterable {
    case refresh
    case postmanRefresh = "postman-refresh"

    public var path: String { "/auth/jwt/" + rawValue }
}

/// Where a profile's refresh token lives.
public enum StoreKind: String, Sendable, CaseIterable {
    /// The Secret Service (GNOME Keyring, KWallet, KeePassXC) through libsecret.
    case keyring
    /// An unencrypted 0600 file under `$XDG_STATE_HOME/authhelper/`, by explicit opt-in only.
    case file
    /// The user's persistent kernel keyring: for machines without a Secret Service.
    case kernel
    /// The Secret Service when one answers, else the kernel keyring; a login records which.
    case auto
}

/// How a profile logs in: the first time, and again when a session ends at a terminal.
public enum LoginGrant: String, Sendable, CaseIterable {
    /// A password typed at the terminal or read from stdin (RFC 6749 §4.3, or the seed's login).
    case password
    /// A code the person confirms in a browser anywhere (RFC 8628 device authorization grant).
    case device
    /// A browser on this machine, with PKCE and a loopback redirect (RFC 6749 §4.1, RFC 7636, RFC 8252).
    case browser

    /// Whether the person proves who they are at the authorization server's own pages (a browser
    /// here for `browser`, on any device for `device`), so authhelper never sees a password and
    /// the username is only a label (empty when nobody gave one).
    public var usesAuthorizationServer: Bool { self != .password }

    /// The grant in a sentence ("logs in with …").
    public var phrase: String {
        switch self {
        case .password: "a password"
        case .device: "a device code (--device)"
        case .browser: "this machine's browser (--browser)"
        }
    }
}

/// One `[profiles.NAME]` table of the config file. Never holds a secret.
public struct Profile: Equatable, Sendable {
    public var name: String
    public var server: ServerURL
    public var username: String
    public var clientID: String?
    public var scope: String?
    public var refreshEndpoint: RefreshEndpoint
    public var store: StoreKind
    public var cache: Bool
    public var caFile: String?
    /// Seconds for a whole request.
    public var timeout: Int
    public var allowInsecureHTTP: Bool
    /// Further origins (with an optional path prefix) that `authhelper curl` may send this
    /// profile's token to, besides its server (`also_for`).
    public var alsoFor: [ServerURL]
    /// The APIs (RFC 8707 resource indicators) the login asked tokens for (`login --resource`,
    /// `resources`). `authhelper curl` and `git-credential` ask for the token of the one whose
    /// origin a URL is on, and may send it there.
    public var resources: [String] = []
    /// The container registries this profile answers for in `docker-credential-authhelper`
    /// (`registries`, `login --registry`), and the user name it gives them (`registry_username`,
    /// else `username`).
    public var registries: [RegistryName] = []
    /// `dpop = true` (`login --dpop`): the profile's tokens are bound to a key (RFC 9449).
    public var dpop = false
    /// The DPoP key of the request at hand (the login's new one, or the session's): never
    /// written to the config; set on the value handed to the token server only.
    public var dpopKey: DPoPKey?
    public var registryUsername: String?

    // A standard OAuth 2.0 server (RFC 6749) instead of the seed's endpoints: an issuer whose
    // metadata names the endpoints (RFC 8414, OpenID Connect discovery), or explicit endpoints,
    // which override what discovery recorded.
    public var issuer: ServerURL?
    public var tokenURL: EndpointURL?
    public var revocationURL: EndpointURL?
    public var deviceAuthorizationURL: EndpointURL?
    public var authorizationURL: EndpointURL?
    /// `token_endpoint_auth_methods_supported` as discovered (empty: not said).
    public var tokenAuthMethods: [String] = []
    /// The client authentication chosen (`client_auth`); nil: as the metadata suggests.
    public var clientAuth: ClientAuthMethod?
    /// Extra parameters for the authorization and token requests (`params`).
    public var parameters: [RequestParameter] = []
    /// The server lists `offline_access` among its scopes (`offline_access_offered`, recorded by
    /// discovery): a session without a refresh token can say how to get one.
    public var offersOfflineAccess = false
    /// The server takes this public client's password grant only without `client_id` in the form
    /// (Glewlwyd's way: a bare 403 while the form names the client), learnt at a login and
    /// recorded (`password_grant_without_client_id`). The client ID stays the profile's, for the
    /// session binding and every other grant (a refresh names it, and the server takes it there).
    public var passwordGrantWithoutClientID = false

    /// For a session that ends with its access token: how to keep the next one, when the server
    /// offers `offline_access` and the profile does not ask for it. The scope is never added
    /// silently: it asks the person for more than they chose.
    public var offlineAccessHint: String? {
        let scopes = scopeValues
        guard offersOfflineAccess, !scopes.contains("offline_access") else { return nil }
        return
            """
            this session ends with its access token; log in with --scope '\((scopes + ["offline_access"]).joined(separator: " "))' to \
            keep it
            """
    }
    /// The server said it sends `iss` with every authorization response (RFC 9207), so a browser
    /// login's answer without one is refused (`authorization_response_iss`, recorded by discovery).
    public var requiresIssInAuthorizationResponse = false
    /// Keep the password in the keyring item and log in again by itself when a session without
    /// a refresh token ends (opt-in; never with the file store).
    public var rememberPassword = false
    /// How this profile logs in (`grant`); a session that ends at a terminal is renewed the same way.
    public var grant = LoginGrant.password
    /// The browser login's loopback port, for servers that register one fixed redirect URI and
    /// for `ssh -L PORT:127.0.0.1:PORT` (`redirect_port`); nil: any free port.
    public var redirectPort: UInt16?
    /// `authhelper agent` may hand this profile's access tokens to the machines its socket is
    /// forwarded to (`forward`; opt-in per profile).
    public var forward = false
    /// Not from this machine's config: the profile as the forwarded agent at this socket
    /// described it. Its tokens come from the agent; it has no store here and is never saved.
    public var forwardedBy: String?
    /// The fingerprint of the config file this profile was read from (Config.fingerprint): the
    /// stamp of every runtime entry and record made from it, so the front never takes a decision
    /// made from one config for another that replaced it meanwhile.
    public var configFingerprint = "none"

    /// The scope's values (`openid profile` → `["openid", "profile"]`).
    public var scopeValues: [String] { (scope ?? "").split(separator: " ").map(String.init) }

    /// `resources` as form fields, for the login's requests (RFC 8707 §2.1).
    var resourceFields: [(String, String)] { resources.map { ("resource", $0) } }

    /// The first resource among `resources` whose origin (and path prefix) `isOn` accepts.
    /// Resources that are not http(s) URLs name no origin.
    /// Where resources nest (`https://x/` and `https://x/special`), the longest matching prefix
    /// chooses: the more specific API's token.
    public func resource(where isOn: (ServerURL) -> Bool) -> String? {
        let matching = resources.compactMap { text in (try? ServerURL(parsing: text)).flatMap { isOn($0) ? (text, $0.path.count) : nil } }
        return matching.max { $0.1 < $1.1 }?.0
    }

    /// The resource whose origin (and path prefix) `url` is on: the audience of the token for it.
    public func resource(for url: RequestURL) -> String? { resource { $0.admits(url) } }

    /// The audience of the token for a request on `resource`; the profile's own without one.
    public static func audience(of resource: String?) -> Audience {
        resource.flatMap { try? Audience(resources: [$0], scope: nil) } ?? .profileDefault
    }

    /// The audience a request to `url` gets: its resource's, else the profile's own token.
    public func audience(for url: RequestURL) -> Audience { Self.audience(of: resource(for: url)) }

    /// `parameters` as form fields, for every request that carries them.
    var parameterFields: [(String, String)] { parameters.map { ($0.name, $0.value) } }

    /// The name of its runtime cache entries: a forwarded profile's live apart from this
    /// machine's (RuntimeCache.forwardedSuffix).
    public var cacheName: String {
        if forwardedBy != nil { return name + RuntimeCache.forwardedSuffix }
        // A DPoP-bound token is useless as a bearer token: the front, which hands out bare
        // tokens, never finds it (it looks up `<profile>` and `<profile>@agent` only).
        return dpop ? name + RuntimeCache.dpopSuffix : name
    }

    /// Refuses to hand a DPoP-bound token to `what`, which can carry only a bare token (64).
    /// - Parameter thoughTheConfigSaysOtherwise: the session is bound though the config's `dpop`
    ///   line is gone (edited by hand): said too, since the config alone would suggest otherwise.
    public func requireBearer(for what: String, thoughTheConfigSaysOtherwise: Bool = false) throws(AuthError) {
        guard dpop else { return }
        let label = thoughTheConfigSaysOtherwise ? " (its session holds a DPoP key, whatever the config's dpop line says)" : ""
        throw .usage(
            """
            Profile '\(name)' holds DPoP-bound tokens (RFC 9449)\(label), which work only with a proof of its key; \(what) can carry \
            only a bare token. Use `authhelper curl`, or `authhelper header --method METHOD --url URL` for a request of your own.
            """
        )
    }

    /// Whether the profile speaks standard OAuth 2.0 rather than the seed's endpoints.
    public var isOAuth2: Bool { issuer != nil || tokenURL != nil }

    public static let defaultTimeout = 30

    public init(
        name: String, server: ServerURL, username: String, clientID: String? = nil, scope: String? = nil,
        refreshEndpoint: RefreshEndpoint = .refresh, store: StoreKind = .keyring, cache: Bool = true,
        caFile: String? = nil, timeout: Int = Profile.defaultTimeout, allowInsecureHTTP: Bool = false, alsoFor: [ServerURL] = []
    ) {
        self.name = name
        self.server = server
        self.username = username
        self.clientID = clientID
        self.scope = scope
        self.refreshEndpoint = refreshEndpoint
        self.store = store
        self.cache = cache
        self.caFile = caFile
        self.timeout = timeout
        self.allowInsecureHTTP = allowInsecureHTTP
        self.alsoFor = alsoFor
    }

    /// Profile names become file names in the runtime folder, so they are kept to a safe alphabet;
    /// a leading dot, a `.lock` suffix and the agent's socket name are reserved for authhelper's
    /// own files there.
    public static func validateName(_ name: String) throws(AuthError) { try ProfileName.validate(name) }

    /// Usernames travel in a form body and a keyring label; control characters have no business there.
    public static func validateUsername(_ username: String) throws(AuthError) {
        guard !username.isEmpty else { throw .usage("The username is empty.") }
        guard !username.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .usage("The username '\(printable(username))' contains a control character (such as a newline).")
        }
    }
}
