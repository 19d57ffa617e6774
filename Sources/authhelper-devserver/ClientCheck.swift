import FlyingFox
import Foundation

/// The client authentication a request presented (RFC 6749 §2.3.1), and whether a registered
/// confidential client (ProviderQuirks.clients) used the one method it is registered for.
struct PresentedClient {
    let id: String?
    let secret: String?
    /// `client_secret_basic`, `client_secret_post` or `none`.
    let method: String

    init(_ request: HTTPRequest, fields: [String: String]) {
        let authorization = request.headers[HTTPHeader("Authorization")] ?? ""
        if authorization.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
        {
            id = String(pair[..<colon]).removingPercentEncoding
            secret = String(pair[pair.index(after: colon)...]).removingPercentEncoding
            method = "client_secret_basic"
        } else if let secret = fields["client_secret"] {
            id = fields["client_id"]
            self.secret = secret
            method = "client_secret_post"
        } else {
            id = fields["client_id"]
            secret = nil
            method = "none"
        }
    }

    /// Nil when acceptable; else why not. Unregistered clients are public and always accepted.
    func problem(_ clients: [String: ProviderQuirks.Client]) -> String? {
        guard let id, let registered = clients[id] else { return nil }
        guard method == registered.method else { return "client \(id) is registered for \(registered.method), not \(method)" }
        return secret == registered.secret ? nil : "wrong secret for client \(id)"
    }

    /// Whether this is a registered confidential client that authenticated as registered.
    func isAuthenticatedConfidential(_ clients: [String: ProviderQuirks.Client]) -> Bool {
        guard let id, clients[id] != nil else { return false }
        return problem(clients) == nil
    }
}
