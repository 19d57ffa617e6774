/// Logs in with a grant where the person answers in a browser (device or browser), at `login`
/// and again when a session ends. Nothing is stored here: the caller keeps the grant.
struct InteractiveLogin {
    let context: AuthContext
    let profile: Profile
    let options: BrowserLoginOptions

    func run(clientSecret: String?) throws(AuthError) -> TokenGrant {
        guard let server = context.broker.oauth2Server(for: profile) else {
            throw .usage("The \(profile.grant.rawValue) login needs a standard OAuth 2.0 server: give --issuer URL (or --token-url URL).")
        }
        switch profile.grant {
        case .device:
            return try DeviceLogin(context: context, server: server).run(clientSecret: clientSecret)
        case .browser:
            return try BrowserLogin(context: context, server: server, options: options).run(clientSecret: clientSecret)
        case .password:
            throw .usage("Profile '\(profile.name)' logs in with a password, not in a browser.")
        }
    }
}
