import Foundation

/// Checks a DPoP proof (RFC 9449 §4.3) as a strict server does — every field, the signature, the
/// time window, replay by `jti`, the nonce the server asked for, and at an API the `ath` of the
/// token it comes with — and gives the key's thumbprint (RFC 7638) the tokens are bound to.
/// Written from the RFC, sharing no Swift code with the client (the signature check is libgcrypt's,
/// through CCrypto; Glewlwyd and the MCP server's Python gate check the same proofs independently).
struct DPoPVerifier {
    /// How far back a proof's `iat` may lie, and how far ahead.
    static let maxAge: TimeInterval = 60
    static let maxSkew: TimeInterval = 5

    enum Failure: Error {
        case invalid(String)
        case nonceRequired
    }

    /// - Parameters: the proof header's value, the request's method and URL as this server sees
    ///   them, the access token at an API, the nonce the server wants (nil: none), and `seen` (true
    ///   when a `jti` was used before; records it).
    static func verify(
        _ proof: String, method: String, url: String, accessToken: String? = nil, nonce: String?, seen: (String) async -> Bool
    ) async throws(Failure) -> String {
        let parts = proof.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]), let payloadData = Base64URL.decode(parts[1]),
            let signatureData = Base64URL.decode(parts[2]),
            let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
            let claims = try? JSONSerialization.jsonObject(with: payloadData) as? [String: Any]
        else { throw .invalid("the proof is not a JWS") }
        guard header["typ"] as? String == "dpop+jwt" else { throw .invalid("typ is not dpop+jwt") }
        guard header["alg"] as? String == "ES256" else { throw .invalid("alg is not ES256") }
        guard let jwk = header["jwk"] as? [String: Any], jwk["kty"] as? String == "EC", jwk["crv"] as? String == "P-256",
            jwk["d"] == nil, let x = (jwk["x"] as? String).flatMap(Base64URL.decode),
            let y = (jwk["y"] as? String).flatMap(Base64URL.decode),
            x.count == 32, y.count == 32
        else { throw .invalid("the jwk is not a public P-256 key") }
        guard Digests.es256Verifies(x: x, y: y, message: Data("\(parts[0]).\(parts[1])".utf8), signature: signatureData) else {
            throw .invalid("the signature does not verify")
        }
        guard claims["htm"] as? String == method else { throw .invalid("htm is not \(method)") }
        guard claims["htu"] as? String == url else { throw .invalid("htu is not \(url)") }
        guard let iat = claims["iat"] as? Double ?? (claims["iat"] as? Int).map(Double.init) else { throw .invalid("no iat") }
        let now = Date().timeIntervalSince1970
        guard iat >= now - maxAge, iat <= now + maxSkew else { throw .invalid("iat is not now") }
        guard let jti = claims["jti"] as? String, !jti.isEmpty else { throw .invalid("no jti") }
        if let nonce, claims["nonce"] as? String != nonce { throw .nonceRequired }
        if let accessToken {
            let ath = Base64URL.encode(Digests.sha256(Data(accessToken.utf8)))
            guard claims["ath"] as? String == ath else { throw .invalid("ath is not the token's hash") }
        }
        guard await !seen(jti) else { throw .invalid("the proof was used before (jti)") }
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(Base64URL.encode(x))","y":"\#(Base64URL.encode(y))"}"#
        return Base64URL.encode(Digests.sha256(Data(canonical.utf8)))
    }
}
