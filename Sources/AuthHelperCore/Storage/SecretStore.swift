/// Keeps one profile's secret document. Implementations must never delete on a failed read.
public protocol SecretStore: Sendable {
    /// A short description for messages and `status` ("the keyring", "the file …").
    var location: String { get }
    /// Fails when the store cannot be used now (no Secret Service, locked…), else returns what it
    /// holds; checked before login sends a password.
    func probe() throws(AuthError) -> StoredSession?
    func load() throws(AuthError) -> StoredSession?
    func save(_ session: StoredSession) throws(AuthError)
    /// Returns whether something was deleted.
    @discardableResult func delete() throws(AuthError) -> Bool
}
