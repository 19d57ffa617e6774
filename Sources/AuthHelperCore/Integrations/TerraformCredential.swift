/// Terraform's (and OpenTofu's) credentials helper protocol (`credentials_helper` in the CLI
/// config): `get HOST` prints `{"token":"…"}`, or `{}` for a host no profile claims so the
/// tool's own credentials (`TF_TOKEN_…`, `credentials` blocks) still apply; `store` keeps nothing
/// (a session comes from `authhelper login`); `forget` drops the cached access token. An adapter
/// of the broker: the host (punycode, maybe with a port) is the URL `https://HOST/`.
public struct TerraformCredential {
    let context: AuthContext
    public init(context: AuthContext) { self.context = context }

    /// Terraform keeps the token for its whole run and has no expiry field: half an hour, or the
    /// longest life the server grants (a fresh token).
    static let caller = CredentialBroker.Caller(protocolName: "Terraform's credentials helper protocol", freshness: .terraform)

    /// What to print on stdout for `operation` on `host`.
    public func answer(operation: String, host: String) throws(AuthError) -> String {
        guard let handle = Self.operations[operation] else {
            throw .usage("'\(printable(operation))' is not an operation of Terraform's credentials helpers: get, store or forget.")
        }
        // A host with a path, a user or a scheme is not what terraform sends.
        guard !host.isEmpty, !host.contains(where: { "/@?#".contains($0) }), let url = RequestURL("https://" + host + "/") else {
            throw .usage("'\(printable(host))' is not a host name as terraform sends it (HOST or HOST:PORT).")
        }
        let broker = CredentialBroker(context: context)
        guard let claim = try broker.claim(of: url) else { return operation == "get" ? "{}\n" : "" }
        return try handle(broker, claim, context, host)
    }

    typealias Operation = @Sendable (CredentialBroker, URLClaim, AuthContext, _ host: String) throws(AuthError) -> String

    static let operations: [String: Operation] = [
        "get": { broker, claim, _, host throws(AuthError) in
            let credential = try broker.credential(for: claim, caller: caller)
            broker.remember(claim, credential: credential, tool: .terraformCredentials, lookup: host)
            return ToolReply.terraform(token: credential.token.accessToken)
        },
        "store": { _, claim, context, _ throws(AuthError) in
            _ = context.input.readAll(limit: 1 << 20)
            throw .usage(
                """
                authhelper keeps no tokens from `terraform login`: this host gets profile '\(claim.profile.name)''s access \
                token. Run `authhelper login --profile \(claim.profile.name)` instead.
                """)
        },
        "forget": { broker, claim, _, _ throws(AuthError) in
            try broker.forget(claim)
            return ""
        },
    ]
}
