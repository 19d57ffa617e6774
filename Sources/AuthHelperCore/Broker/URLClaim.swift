/// Which profile answers for a URL, and which of its tokens the URL gets: the one rule every
/// adapter that is handed a URL or a host asks (cargo, Go, Terraform, pip/uv, MCP clients, git).
///
/// A profile claims a URL by its `server`, an `also_for` origin, one of its `resources` or one of
/// its `registries` — the same scheme, host and port (the scheme's default port filled in, the
/// host case folded) and a path at or under the claim's path. The longest claimed path wins, so
/// `https://x/team-a` goes to the profile that names it rather than to the one that has all of
/// `https://x`. A tie goes to the default profile where it claims by its `server`; any other tie
/// is a configuration error naming both, never a guess (a token handed to the wrong API's owner
/// is a leak). `--profile` narrows the choice to that profile, which must still claim the URL: a
/// token goes only where its profile says it may.
public struct URLClaim: Equatable, Sendable {
    public let profile: Profile
    /// The resource (RFC 8707) on whose origin and path the URL lies: its token is the one the URL
    /// gets. Nil: the profile's own token.
    public let resource: String?
    /// The claim the URL lies under (the server, an also_for origin, the resource, the registry):
    /// the prefix a tool that keys credentials by prefix (Go) files the token under.
    public let prefix: ServerURL

    /// The audience of the token the URL gets.
    public var audience: Audience { Profile.audience(of: resource) }

    /// What a profile claims a URL by, for the tie rule and for messages.
    enum Basis: Equatable {
        case server
        case alsoFor
        case resource(String)
        case registry
    }

    /// The profile that claims `url`, or nil when none does (the adapter's "not mine").
    /// - Parameter named: `--profile` of the configured command, if any.
    public static func claimant(of url: RequestURL, in config: Config, named: String? = nil) throws(AuthError) -> URLClaim? {
        let claims = config.profiles.compactMap { profile -> (profile: Profile, prefix: ServerURL, basis: Basis)? in
            guard named == nil || profile.name == named, let best = longestClaim(of: profile, on: url) else { return nil }
            return (profile, best.prefix, best.basis)
        }
        guard let longest = claims.map(\.prefix.path.count).max() else { return nil }
        let tied = claims.filter { $0.prefix.path.count == longest }
        if tied.count == 1 { return URLClaim(tied[0].profile, tied[0].prefix, tied[0].basis) }
        if let own = tied.first(where: { $0.profile.name == config.effectiveDefaultProfile && $0.basis == .server }) {
            return URLClaim(own.profile, own.prefix, own.basis)
        }
        let names = tied.map { "'\($0.profile.name)'" }
        throw .configuration(
            """
            Profiles \(names.dropLast().joined(separator: ", ")) and \(names.last!) both claim \(printable(url.description)) \
            (by server, also_for, resources or registries, with the same path): authhelper does not guess whose token it gets. \
            Remove the URL from all but one of them, give one a longer path, or name the profile with --profile.
            """)
    }

    private init(_ profile: Profile, _ prefix: ServerURL, _ basis: Basis) {
        self.profile = profile
        self.prefix = prefix
        if case .resource(let text) = basis { resource = text } else { resource = nil }
    }

    /// The profile's longest claim on `url`: a resource wins a tie with the server (its own token
    /// is the one meant for that API).
    static func longestClaim(of profile: Profile, on url: RequestURL) -> (prefix: ServerURL, basis: Basis)? {
        let admitted = claims(of: profile).filter { claim, _ in claim.admits(url) }
        return admitted.max { a, b in
            a.0.path.count != b.0.path.count ? a.0.path.count < b.0.path.count : !isResource(a.1) && isResource(b.1)
        }.map { (prefix: $0.0, basis: $0.1) }
    }

    /// Every claim of the profile a token may travel to (the plain-http rule).
    static func claims(of profile: Profile) -> [(ServerURL, Basis)] {
        var claims: [(ServerURL, Basis)] = [(profile.server, .server)] + profile.alsoFor.map { ($0, .alsoFor) }
        claims += profile.resources.compactMap { text in (try? ServerURL(parsing: text)).map { ($0, .resource(text)) } }
        claims += profile.registries.compactMap { registry in (try? ServerURL(parsing: registry.originText)).map { ($0, .registry) } }
        return claims.filter { claim, _ in profile.mayCarryTokens(to: claim) }
    }

    /// The profile that answers a lookup naming only `url`'s origin (git without
    /// `credential.useHttpPath`, pip's `HOST:PORT` retry), or nil: the path that would choose is
    /// not there, so the claims on that origin (scheme, host and port, any path) must name one
    /// profile and one token — or be one server that two accounts of its share, where the default
    /// profile's is the one (as for a URL). Anything else is not guessed.
    public static func originClaimant(of url: RequestURL, in config: Config, named: String? = nil) -> URLClaim? {
        let onOrigin = config.profiles.filter { named == nil || $0.name == named }.flatMap { profile in
            claims(of: profile).filter { claim, _ in claim.sameOrigin(as: url) }.map { (profile: profile, prefix: $0.0, basis: $0.1) }
        }
        guard let first = onOrigin.first else { return nil }
        let tokens = Set(onOrigin.map { [$0.profile.name, resourceText($0.basis) ?? ""] })
        if tokens.count == 1 {
            let widest = onOrigin.min { $0.prefix.path.count < $1.prefix.path.count } ?? first
            return URLClaim(widest.profile, widest.prefix, widest.basis)
        }
        let oneServer = onOrigin.allSatisfy { $0.basis == .server && $0.prefix == first.prefix }
        guard oneServer, let own = onOrigin.first(where: { $0.profile.name == config.effectiveDefaultProfile }) else { return nil }
        return URLClaim(own.profile, own.prefix, own.basis)
    }

    private static func resourceText(_ basis: Basis) -> String? {
        if case .resource(let text) = basis { return text }
        return nil
    }

    private static func isResource(_ basis: Basis) -> Bool {
        if case .resource = basis { return true }
        return false
    }
}

extension RequestURL: CustomStringConvertible {
    /// The URL as the rule reads it: scheme, host, port (when not the default) and path.
    public var description: String { originText + path }

    /// Scheme, host and port (when not the default).
    public var originText: String {
        let shownPort = port.map { $0 == Self.defaultPort(scheme) ? "" : ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(shownPort)"
    }
}
