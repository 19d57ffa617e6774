/// A profile's DPoP key (RFC 9449): a P-256 key pair made at `login --dpop` and kept with the
/// session in its store — never in the config, a log or anything printed. Its public half goes
/// into every proof as a JWK; the server binds the tokens to its thumbprint (`cnf.jkt`).
public struct DPoPKey: Equatable, Sendable {
    /// The private scalar, 32 bytes.
    let d: [UInt8]
    let x: [UInt8]
    let y: [UInt8]

    /// A new key, from libgcrypt.
    public static func generate() throws(AuthError) -> DPoPKey {
        let key = try Crypto.newP256Key(for: "A DPoP login (its P-256 key)")
        return DPoPKey(d: key.d, x: key.x, y: key.y)
    }

    /// As the session document keeps it: d, x and y, base64url, joined by dots.
    public var stored: String { [d, x, y].map(Self.base64url).joined(separator: ".") }

    /// Reads `stored`; nil when it is not a key of this kind.
    public init?(stored text: String) {
        let parts = text.split(separator: ".").map { Base64URL.decode(String($0)) }
        guard parts.count == 3, let d = parts[0], let x = parts[1], let y = parts[2], [d, x, y].allSatisfy({ $0.count == 32 }) else {
            return nil
        }
        self.init(d: d, x: x, y: y)
    }

    init(d: [UInt8], x: [UInt8], y: [UInt8]) {
        self.d = d
        self.x = x
        self.y = y
    }

    /// The public key as a JWK, members in the order RFC 7638 hashes them.
    public var publicJWK: String {
        #"{"crv":"P-256","kty":"EC","x":"\#(Self.base64url(x))","y":"\#(Self.base64url(y))"}"#
    }

    /// RFC 7638: the key's thumbprint, what a server puts in a bound token's `cnf.jkt`.
    public func thumbprint() throws(AuthError) -> String {
        Self.base64url(try Crypto.sha256(Array(publicJWK.utf8), for: "A DPoP key's thumbprint"))
    }

    func sign(_ message: [UInt8]) throws(AuthError) -> [UInt8] {
        try Crypto.es256Sign(message, d: d, for: "A DPoP proof")
    }

    static func base64url(_ bytes: [UInt8]) -> String { Base64.encode(bytes, alphabet: Base64.urlAlphabet, padded: false) }
}

/// Never shown: a key in a message or `-v` would defeat the binding.
extension DPoPKey: CustomStringConvertible {
    public var description: String { "DPoP key (P-256)" }
}
