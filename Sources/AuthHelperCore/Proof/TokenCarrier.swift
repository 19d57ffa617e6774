/// What an access token is handed to: a protocol that can carry only the bare token (a plain
/// `header`, git's, kubectl's, the registries', `exec`'s environment, the token agent), or a
/// request authhelper signs a DPoP proof for (`curl`, `header --method --url`).
public enum TokenCarrier: Sendable, Equatable {
    /// Names it in the refusal a DPoP-bound profile gets.
    case bare(String)
    case proof
}
