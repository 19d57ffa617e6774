/// The commands that name no URL (`header`, `token`, `exec`, `kube-credential`, `refresh`) ask for
/// the profile the call selects: `--profile`, else `AUTHHELPER_PROFILE`, else the config's
/// default (ProfileSelection), or the laptop's through a forwarded agent where this machine has
/// none (ProfileResolution).
extension CredentialBroker {
    /// A token of the selected profile for `caller`, for `audience` (`--resource`, `--scope`).
    public func selectedProfileToken(for caller: Caller, audience: Audience = .profileDefault) throws(AuthError) -> CachedToken {
        try selectedProfileTokens(attendance: caller.attendance).freshToken(
            caller.freshness, audience: audience, carrier: .bare(caller.protocolName))
    }

    /// `authhelper refresh`: a new token now, whatever the cached one's remaining life.
    public func refreshedSelectedProfileToken() throws(AuthError) -> CachedToken {
        try selectedProfileTokens(attendance: .terminal).forceRefresh()
    }

    /// The refresh engine of the selected profile (resolved when it is first asked).
    func selectedProfileTokens(attendance: Attendance) -> TokenService {
        TokenService(context: context.attended(by: attendance))
    }
}
