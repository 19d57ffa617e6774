import AuthHelperCore

extension TokenProduct {
    /// Prints a token that meets `freshness`; on failure reports the error on stderr and returns
    /// its exit status (stdout stays empty). `header`, `token` and the fast path all serve here.
    func serve(context: AuthContext, freshness: Freshness, audience: Audience = .profileDefault) -> Int32 {
        do {
            let caller = CredentialBroker.Caller(
                protocolName: "a plain `\(self == .header ? "header" : "token")`", freshness: freshness, attendance: .terminal)
            let token = try CredentialBroker(context: context).selectedProfileToken(for: caller, audience: audience)
            guard write(for: token.accessToken) else {
                context.diagnostics.error("Cannot write the token to standard output: \(SecureFiles.errnoText()).")
                return Self.outputFailedStatus
            }
            return 0
        } catch {
            context.diagnostics.error(error.message)
            return error.exitCode
        }
    }
}
