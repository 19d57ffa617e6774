/// `store = "auto"`: the Secret Service when one answers on D-Bus, else the kernel keyring. A
/// *locked* Secret Service answers: it stays the store (and its error, 69 "locked", is told),
/// never silently replaced. A login records the store it chose in the profile.
public enum StoreSelection {
    public static func choose(for profile: Profile, paths: Paths, mayPrompt: Bool) -> any SecretStore {
        let keyring = SecretServiceStore(profile: profile, mayPrompt: mayPrompt)
        return keyring.isReachable ? keyring : KernelKeyringStore(profile: profile, paths: paths)
    }
}
