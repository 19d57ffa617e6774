import Synchronization

/// Discovers a profile's issuer again when its recorded token endpoint answers 404, and keeps
/// what it found in `found` — for the refresh discipline to record in the profile once the new
/// pair is stored, not from inside the request.
final class IssuerRediscovery: Rediscovery {
    let context: AuthContext
    let issuer: ServerURL
    let profile: Profile
    private let state = Mutex<ServerMetadata?>(nil)

    init(context: AuthContext, issuer: ServerURL, profile: Profile) {
        self.context = context
        self.issuer = issuer
        self.profile = profile
    }

    /// What the issuer named, if it was asked.
    var found: ServerMetadata? { state.withLock { $0 } }

    func tokenEndpoint() throws(AuthError) -> EndpointURL {
        let metadata = try context.broker.discovery(for: profile).discover(issuer, allowInsecureHTTP: profile.allowInsecureHTTP)
        state.withLock { $0 = metadata }
        return metadata.tokenEndpoint
    }
}
