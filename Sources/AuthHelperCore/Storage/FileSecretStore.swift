/// The explicit opt-in for machines without a Secret Service: the secret document in a 0600 file
/// under `$XDG_STATE_HOME/authhelper/`. Unencrypted; commands that use it say so.
public struct FileSecretStore: SecretStore {
    public let profile: Profile
    public let path: String
    let directory: String

    public init(profile: Profile, paths: Paths) {
        self.profile = profile
        self.path = paths.secretFile(profile: profile.name)
        self.directory = paths.stateDirectory
    }

    public var location: String { "the unencrypted file \(path)" }

    public func probe() throws(AuthError) -> StoredSession? {
        try SecureFiles.ensurePrivateDirectory(directory)
        return try load()
    }

    public func load() throws(AuthError) -> StoredSession? {
        switch SecureFiles.read(path, limit: 1 << 20, requirePrivate: true) {
        case .missing:
            return nil
        case .untrusted(let reason):
            throw .failure("The secret file of profile '\(profile.name)' is not safe to use (\(reason)); it was left as it is.")
        case .contents(let bytes):
            // The file also records whose session it is, so an edited server never receives it.
            guard let json = try? JSONValue.parse(bytes), json["server"]?.stringValue == profile.server.description,
                json["username"]?.stringValue == profile.username
            else { return nil }
            guard let sessionText = json["session"]?.stringValue, let session = StoredSession(serialized: sessionText) else {
                throw .failure("The secret file \(path) is not in a format this authhelper understands; it was left as it is.")
            }
            return session
        }
    }

    public func save(_ session: StoredSession) throws(AuthError) {
        try SecureFiles.ensurePrivateDirectory(directory)
        let document = JSONValue.object([
            ("server", .string(profile.server.description)),
            ("username", .string(profile.username)),
            ("session", .string(session.serialized)),
        ])
        try SecureFiles.writeAtomically(path, Array((document.serialized + "\n").utf8), durable: true)
        AbandonedWrites.remove(besides: path)
    }

    @discardableResult
    public func delete() throws(AuthError) -> Bool {
        guard case .contents = SecureFiles.read(path, requirePrivate: false) else { return false }
        try SecureFiles.remove(path)
        return true
    }
}
