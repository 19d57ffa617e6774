/// A non-standard parameter a server needs to issue a usable token (Auth0's `audience`, Google's
/// `access_type=offline`), sent with every authorization, device authorization and token request
/// of the profile (`params`, `login --param NAME=VALUE`). Kept in the config file, so never a
/// secret: names that are, or that authhelper sends itself, are refused.
public struct RequestParameter: Equatable, Sendable, CustomStringConvertible {
    public let name: String
    public let value: String

    /// The parameters authhelper sets itself: a `--param` may not change them.
    static let reserved: Set = [
        "grant_type", "username", "password", "refresh_token", "client_id", "client_secret", "scope", "code", "code_verifier",
        "code_challenge", "code_challenge_method", "redirect_uri", "state", "nonce", "response_type", "device_code", "token",
        "token_type_hint", "client_assertion", "client_assertion_type",
    ]
    /// Parameters that steer the flow or carry a whole request (RFC 9101's request objects, a
    /// response mode that moves the code out of the loopback redirect), and `resource`, which has
    /// its own flag and checks (RFC 8707: a token only for its API): never from `--param`.
    static let steering: Set = ["request", "request_uri", "response_mode", "resource"]
    /// Words that say a value is a secret, which has no place in the config file.
    static let secretWords = ["secret", "password", "token", "assertion", "key", "credential"]

    /// `NAME=VALUE`.
    public init(parsing text: String) throws(AuthError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw .usage("The parameter '\(printable(text))' is not NAME=VALUE.")
        }
        let name = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        guard !name.isEmpty,
            name.utf8.allSatisfy({ c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x2E || c == 0x5F
            })
        else {
            throw .usage("The parameter name '\(printable(name))' is not valid: use letters, digits, '-', '.' and '_'.")
        }
        let lowered = name.lowercased()
        guard !Self.reserved.contains(lowered) else {
            throw .usage("The parameter '\(name)' is one authhelper sends itself; it cannot be given with --param.")
        }
        guard !Self.steering.contains(lowered) else {
            throw .usage(
                """
                The parameter '\(name)' steers the login flow\(lowered == "resource" ?
                    """
                     (give a resource with --resource, which checks it)
                    """ : ""); \
                it cannot be given with --param.
                """
            )
        }
        guard !Self.secretWords.contains(where: { lowered.contains($0) }) else {
            throw .usage(
                """
                The parameter '\(name)' looks like a secret; --param values are kept in the config file, so secrets cannot be given \
                that way.
                """
            )
        }
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw .usage("The value of the parameter '\(name)' must be printable ASCII.")
        }
        self.name = name
        self.value = value
    }

    public var description: String { "\(name)=\(value)" }
}
