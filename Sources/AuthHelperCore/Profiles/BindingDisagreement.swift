/// The config's `dpop` line says otherwise than the stored session (a line edited by hand, or
/// added after the login). Whether a session is bound is the session's fact — it holds the key —
/// so the line is only a label; `status` and `doctor` say when it is a wrong one, and how to
/// make them agree.
public struct BindingDisagreement: Equatable, Sendable {
    /// Whether the stored session is DPoP-bound.
    public let sessionIsBound: Bool

    /// Nil where they agree.
    public init?(profile: Profile, session: StoredSession) {
        let bound = session.key != nil
        guard bound != profile.dpop else { return nil }
        sessionIsBound = bound
    }

    public var detail: String {
        sessionIsBound
            ? "the config says dpop = false, but the stored session is DPoP-bound: the session decides, every bare-token path refuses"
            : "the config says dpop = true, but the stored session is not DPoP-bound (it was logged in before the line was added)"
    }

    public var fix: String {
        sessionIsBound
            ? "Put `dpop = true` back, or run `authhelper logout` and log in again without --dpop."
            : "Run `authhelper login` to bind a new session, or remove the line."
    }
}
