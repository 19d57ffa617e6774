/// How a client proves itself at the token and revocation endpoints (RFC 6749 §2.3.1, OpenID
/// Connect Core §9): with a client secret, HTTP Basic (`client_secret_basic`, the default) or the
/// form body (`client_secret_post`) as the server supports; without one, a public client sends
/// its `client_id` in the body (`none`).
public enum ClientAuthentication: Equatable, Sendable {
    case basic(clientID: String, secret: String)
    case post(clientID: String, secret: String)
    case publicClient(clientID: String)
    case anonymous

    /// The method for a profile's client, given the server's `token_endpoint_auth_methods_supported`.
    public init(clientID: String?, secret: String?, supported: [String]) {
        guard let clientID else {
            self = .anonymous
            return
        }
        guard let secret else {
            self = .publicClient(clientID: clientID)
            return
        }
        let basicOK = supported.isEmpty || supported.contains("client_secret_basic")
        self = basicOK || !supported.contains("client_secret_post") ? .basic(clientID: clientID, secret: secret) : .post(clientID: clientID, secret: secret)
    }

    public var name: String {
        switch self {
        case .basic: "client_secret_basic"
        case .post: "client_secret_post"
        case .publicClient: "none"
        case .anonymous: "none (no client_id)"
        }
    }

    /// Adds the client's credentials to a form request.
    func apply(to fields: inout [(String, String)], headers: inout [(String, String)]) {
        switch self {
        case .basic(let clientID, let secret):
            // RFC 6749 §2.3.1: both form-encoded before they are joined and base64-encoded.
            let pair = FormEncoding.encodeComponent(clientID) + ":" + FormEncoding.encodeComponent(secret)
            headers.append(("Authorization", "Basic " + Base64.encode(Array(pair.utf8))))
        case .post(let clientID, let secret):
            fields.append(("client_id", clientID))
            fields.append(("client_secret", secret))
        case .publicClient(let clientID):
            fields.append(("client_id", clientID))
        case .anonymous:
            break
        }
    }
}
