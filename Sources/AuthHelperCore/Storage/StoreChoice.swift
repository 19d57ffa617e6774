/// Which store holds a profile's session (the profile's `store`, `AUTHHELPER_STORE` for this
/// process), made through the context's outside world.
extension CredentialBroker {
    /// The store a profile uses; `AUTHHELPER_STORE=file` opts in for this process.
    public func storeKind(for profile: Profile) throws(AuthError) -> StoreKind {
        guard let override = context.environment["AUTHHELPER_STORE"] else { return profile.store }
        guard let kind = StoreKind(rawValue: override) else {
            throw .usage("AUTHHELPER_STORE is '\(printable(override))'; it must be 'keyring', 'kernel', 'file' or 'auto'.")
        }
        return kind
    }

    public func store(for profile: Profile) throws(AuthError) -> any SecretStore {
        context.world.makeStore(profile, try storeKind(for: profile), context.paths, context.mayPrompt)
    }
}
