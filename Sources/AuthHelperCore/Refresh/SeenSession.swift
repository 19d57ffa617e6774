/// The session a call read from or wrote to its store, kept so a second question about the same
/// session (its DPoP key) needs no second read (TokenService.tokenAndKey).
final class SeenSession: @unchecked Sendable {
    /// The last session loaded or saved, when the store was read at all.
    var session: StoredSession?

    /// `store`, recording into `seen` what it loads and saves; `store` itself without one.
    static func recording(_ store: any SecretStore, into seen: SeenSession?) -> any SecretStore {
        guard let seen else { return store }
        return Recording(base: store, seen: seen)
    }

    private struct Recording: SecretStore {
        let base: any SecretStore
        let seen: SeenSession
        var location: String { base.location }
        func probe() throws(AuthError) -> StoredSession? { try base.probe() }
        func load() throws(AuthError) -> StoredSession? {
            let session = try base.load()
            if session != nil { seen.session = session }
            return session
        }
        func save(_ session: StoredSession) throws(AuthError) {
            try base.save(session)
            seen.session = session
        }
        @discardableResult func delete() throws(AuthError) -> Bool {
            seen.session = nil
            return try base.delete()
        }
    }
}
