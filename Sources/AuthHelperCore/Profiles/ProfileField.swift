/// One key of a `[profiles.NAME]` table: how it is read into a Profile and how a Profile writes it
/// back. `all` is the config's one list of profile keys: ProfileTable knows exactly these (any
/// other is warned about), ConfigFile reads them in this order and writes them in it — so a key
/// cannot be read but lost on the next login's rewrite, or written but refused on the next read.
struct ProfileField: Sendable {
    let key: String
    /// Sets the profile's value from the table (absent: the default). nil for `server`, which the
    /// profile is made from before any other key is read.
    let read: (@Sendable (ProfileTable, inout Profile) throws(AuthError) -> Void)?
    /// The value as TOML, or nil where the profile has the default (only non-default settings
    /// are written, so the file stays short).
    let write: @Sendable (Profile) -> String?

    static let all: [ProfileField] = [
        ProfileField(key: "server", read: nil) { ConfigFile.quote($0.server.description) },
        ProfileField(key: "username") { table, profile throws(AuthError) in
            // A browser login never sends a username: there it is only a label, and may be absent.
            let grant = try table.choice("grant", default: LoginGrant.password)
            let text = grant.usesAuthorizationServer ? try table.string("username") : try table.requiredString("username")
            guard let text else { return }
            do throws(AuthError) {
                try Profile.validateUsername(text)
            } catch {
                throw table.problem("username", error.message)
            }
            profile.username = text
        } write: {
            $0.username.isEmpty ? nil : ConfigFile.quote($0.username)
        },
        ProfileField(key: "client_id") { table, profile throws(AuthError) in
            profile.clientID = try table.optionalString("client_id")
        } write: {
            $0.clientID.map(ConfigFile.quote)
        },
        ProfileField(key: "scope") { table, profile throws(AuthError) in
            profile.scope = try table.optionalString("scope")
        } write: {
            $0.scope.map(ConfigFile.quote)
        },
        ProfileField(key: "refresh") { table, profile throws(AuthError) in
            profile.refreshEndpoint = try table.choice("refresh", default: RefreshEndpoint.refresh)
        } write: {
            $0.refreshEndpoint == .refresh ? nil : ConfigFile.quote($0.refreshEndpoint.rawValue)
        },
        ProfileField(key: "store") { table, profile throws(AuthError) in
            profile.store = try table.choice("store", default: StoreKind.keyring)
        } write: {
            $0.store == .keyring ? nil : ConfigFile.quote($0.store.rawValue)
        },
        ProfileField(key: "cache") { table, profile throws(AuthError) in
            profile.cache = try table.bool("cache") ?? true
        } write: {
            $0.cache ? nil : "false"
        },
        ProfileField(key: "ca_file") { table, profile throws(AuthError) in
            profile.caFile = try table.string("ca_file")
        } write: {
            $0.caFile.map(ConfigFile.quote)
        },
        ProfileField(key: "timeout") { table, profile throws(AuthError) in
            profile.timeout = try table.int("timeout", in: 1...3600, unit: "seconds") ?? Profile.defaultTimeout
        } write: {
            $0.timeout == Profile.defaultTimeout ? nil : String($0.timeout)
        },
        flag("allow_insecure_http", \.allowInsecureHTTP),
        ProfileField(key: "also_for") { table, profile throws(AuthError) in
            profile.alsoFor = try table.urls("also_for")
        } write: {
            array($0.alsoFor.map(\.description))
        },
        ProfileField(key: "resources") { table, profile throws(AuthError) in
            for text in try table.strings("resources") {
                do throws(AuthError) {
                    try Audience.checkResource(text)
                } catch {
                    throw table.problem("resources", error.message)
                }
                profile.resources.append(text)
            }
        } write: {
            array($0.resources)
        },
        ProfileField(key: "registries") { table, profile throws(AuthError) in
            for text in try table.strings("registries") {
                guard let registry = RegistryName(parsing: text) else {
                    throw table.problem("registries", "'\(printable(text))' is not a registry: give HOST or HOST:PORT, such as ghcr.io.")
                }
                profile.registries.append(registry)
            }
        } write: {
            array($0.registries.map { ($0.plainHTTP ? "http://" : "") + $0.description })
        },
        ProfileField(key: "registry_username") { table, profile throws(AuthError) in
            guard let text = try table.optionalString("registry_username") else { return }
            try Profile.validateUsername(text)
            guard text != DockerCredentialReply.identityTokenUsername else {
                throw table.problem(
                    "registry_username",
                    """
                    registry_username may not be \(text): docker reads that name as "the secret is an identity token" and \
                    spends it itself at the registry. Give the name the registry expects, such as oauth2accesstoken.
                    """)
            }
            profile.registryUsername = text
        } write: {
            $0.registryUsername.map(ConfigFile.quote)
        },
        ProfileField(key: "issuer") { table, profile throws(AuthError) in
            profile.issuer = try table.server("issuer")
        } write: {
            $0.issuer.map { ConfigFile.quote($0.description) }
        },
        endpoint("token_url", \.tokenURL),
        endpoint("revocation_url", \.revocationURL),
        endpoint("device_authorization_url", \.deviceAuthorizationURL),
        endpoint("authorization_url", \.authorizationURL),
        ProfileField(key: "token_endpoint_auth_methods") { table, profile throws(AuthError) in
            profile.tokenAuthMethods = try table.strings("token_endpoint_auth_methods")
        } write: {
            array($0.tokenAuthMethods)
        },
        ProfileField(key: "client_auth") { table, profile throws(AuthError) in
            profile.clientAuth = try table.choice("client_auth") as ClientAuthMethod?
        } write: {
            $0.clientAuth.map { ConfigFile.quote($0.rawValue) }
        },
        ProfileField(key: "params") { table, profile throws(AuthError) in
            for text in try table.strings("params") {
                do throws(AuthError) {
                    profile.parameters.append(try RequestParameter(parsing: text))
                } catch {
                    throw table.problem("params", error.message)
                }
            }
        } write: {
            array($0.parameters.map(\.description))
        },
        flag("offline_access_offered", \.offersOfflineAccess),
        flag("password_grant_without_client_id", \.passwordGrantWithoutClientID),
        flag("authorization_response_iss", \.requiresIssInAuthorizationResponse),
        flag("remember_password", \.rememberPassword),
        flag("forward", \.forward),
        flag("dpop", \.dpop),
        ProfileField(key: "grant") { table, profile throws(AuthError) in
            profile.grant = try table.choice("grant", default: LoginGrant.password)
        } write: {
            $0.grant == .password ? nil : ConfigFile.quote($0.grant.rawValue)
        },
        ProfileField(key: "redirect_port") { table, profile throws(AuthError) in
            profile.redirectPort = try table.int("redirect_port", in: 1...65535, unit: "(a TCP port)").map { UInt16($0) }
        } write: {
            $0.redirectPort.map { String($0) }
        },
    ]

    /// The keys a profile's table may hold.
    static let keys: Set<String> = Set(all.map(\.key))

    init(
        key: String, read: (@Sendable (ProfileTable, inout Profile) throws(AuthError) -> Void)?,
        write: @escaping @Sendable (Profile) -> String?
    ) {
        self.key = key
        self.read = read
        self.write = write
    }

    /// A setting that is false unless the file says `true`.
    static func flag(_ key: String, _ value: WritableKeyPath<Profile, Bool> & Sendable) -> ProfileField {
        ProfileField(key: key) { table, profile throws(AuthError) in
            profile[keyPath: value] = try table.bool(key) ?? false
        } write: {
            $0[keyPath: value] ? "true" : nil
        }
    }

    /// An endpoint URL that overrides discovery.
    static func endpoint(_ key: String, _ value: WritableKeyPath<Profile, EndpointURL?> & Sendable) -> ProfileField {
        ProfileField(key: key) { table, profile throws(AuthError) in
            profile[keyPath: value] = try table.endpoint(key)
        } write: {
            $0[keyPath: value].map { ConfigFile.quote($0.text) }
        }
    }

    /// A TOML array of strings; nil when empty.
    static func array(_ values: [String]) -> String? {
        values.isEmpty ? nil : "[" + values.map(ConfigFile.quote).joined(separator: ", ") + "]"
    }
}
