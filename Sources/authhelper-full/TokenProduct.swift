import AuthHelperCore

/// What `header` and `token` print. One place serves both the commands and the fast path, which
/// runs the same service without ArgumentParser when the runtime cache cannot answer.
enum TokenProduct {
    case header
    case bare

    /// The exit status when stdout cannot take the product (a closed pipe, a full disk): the
    /// caller must not take an empty answer for a token.
    static let outputFailedStatus: Int32 = 1

    init?(command: String) {
        switch command {
        case "header": self = .header
        case "token": self = .bare
        default: return nil
        }
    }

    func line(for accessToken: String) -> String {
        switch self {
        case .header: "Authorization: Bearer \(accessToken)\n"
        case .bare: "\(accessToken)\n"
        }
    }

    /// Prints a token that meets `freshness`; on failure reports the error on stderr and returns
    /// its exit status (stdout stays empty).
    func serve(context: AuthContext, freshness: Freshness, audience: Audience = .profileDefault, lookup: CacheLookup? = nil) -> Int32 {
        do {
            let token = try TokenService(context: context).freshToken(freshness, audience: audience, lookup: lookup)
            guard writeProduct(line(for: token.accessToken)) else {
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
