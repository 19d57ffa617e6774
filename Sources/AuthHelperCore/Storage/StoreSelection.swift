/// `store = "auto"`: the Secret Service when one answers on D-Bus, else the kernel keyring. A
/// *locked* Secret Service answers: it stays the store (and its error, 69 "locked", is told),
/// never silently replaced. A login records the store it chose in the profile.
public enum StoreSelection {
    /// What `auto` means here and now: the decision, made in this one place.
    public static func chooseKind(for profile: Profile) -> StoreKind {
        SecretServiceStore(profile: profile, mayPrompt: false).isReachable ? .keyring : .kernel
    }

    public static func choose(for profile: Profile, paths: Paths, mayPrompt: Bool) -> any SecretStore {
        switch chooseKind(for: profile) {
        case .kernel: KernelKeyringStore(profile: profile, paths: paths)
        default: SecretServiceStore(profile: profile, mayPrompt: mayPrompt)
        }
    }
}
