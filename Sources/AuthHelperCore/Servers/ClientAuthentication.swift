/// The method a profile chose (`client_auth`, `login --client-auth`), over what the server's
/// metadata suggests: for a client registered for one method only.
public enum ClientAuthMethod: String, Sendable, CaseIterable {
    case basic
    case post
    /// A public client: the client ID in the body, never a secret.
    case none
}

/// How a client proves itself at the token and revocation endpoints (RFC 6749 §2.3.1, OpenID
/// Connect Core §9): with a client secret, HTTP Basic (`client_secret_basic`, the default) or the
/// form body (`client_secret_post`) as the server supports; without one, a public client sends
/// its `client_id` in the body (`none`).
public enum ClientAuthentication: Equatable, Sendable {
    case basic(clientID: String, secret: String)
    case post(clientID: String, secret: String)
    case publicClient(clientID: String)
    case anonymous

    /// The method for a profile's client: the one it chose, else by the server's
    /// `token_endpoint_auth_methods_supported` (Basic unless the server offers only the body).
    public init(clientID: String?, secret: String?, supported: [String], chosen: ClientAuthMethod? = nil) {
        guard let clientID else {
            self = .anonymous
            return
        }
        guard let secret, chosen != ClientAuthMethod.none else {
            self = .publicClient(clientID: clientID)
            return
        }
        if let chosen {
            self = chosen == .post ? .post(clientID: clientID, secret: secret) : .basic(clientID: clientID, secret: secret)
            return
        }
        let basicOK = supported.isEmpty || supported.contains("client_secret_basic")
        self =
            basicOK || !supported.contains("client_secret_post")
            ? .basic(clientID: clientID, secret: secret) : .post(clientID: clientID, secret: secret)
    }

    /// For a confidential client whose first token request was refused with 400, 401 or 500
    /// (a client registered for one method may get any of them): which method was used, and how
    /// to choose the other. Nil for a public client.
    public func refusalHint(status: Int) -> String? {
        guard [400, 401, 500].contains(status) else { return nil }
        switch self {
        case .basic:
            return
                """
                The client authenticated with client_secret_basic; if it is registered for client_secret_post, log in again with \
                --client-auth post.
                """
        case .post:
            return
                """
                The client authenticated with client_secret_post; if it is registered for client_secret_basic, log in again with \
                --client-auth basic.
                """
        case .publicClient, .anonymous:
            return nil
        }
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
