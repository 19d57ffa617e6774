/// A proof key for one authorization code (RFC 7636): a random verifier that never leaves this
/// process except in the token request, and its S256 challenge, which goes in the browser's URL.
public struct PKCE: Sendable {
    /// 43 characters of the URL-safe base64 alphabet: 32 random bytes (§4.1).
    public let verifier: String
    /// BASE64URL(SHA256(verifier)) (§4.2).
    public let challenge: String
    public static let method = "S256"

    public init(verifier: String) throws(AuthError) {
        self.verifier = verifier
        self.challenge = try Self.challenge(for: verifier)
    }

    /// A fresh verifier from the system's random source.
    public static func make() throws(AuthError) -> PKCE {
        try PKCE(verifier: RandomText.urlSafe(bytes: 32))
    }

    static func challenge(for verifier: String) throws(AuthError) -> String {
        let digest = try Crypto.sha256(Array(verifier.utf8), for: "The browser login's proof key (PKCE S256)")
        return Base64.encode(digest, alphabet: Base64.urlAlphabet, padded: false)
    }
}
