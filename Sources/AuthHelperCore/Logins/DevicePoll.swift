/// One poll of the token endpoint during a device login (RFC 8628 §3.5).
public enum DevicePoll: Sendable, Equatable {
    case granted(TokenGrant)
    /// `authorization_pending`: the person has not answered yet.
    case pending
    /// `slow_down`: poll 5 seconds less often from now on.
    case slowDown
    /// `access_denied`: the person said no.
    case denied
    /// `expired_token`: the code ran out before anyone answered.
    case expired
}
