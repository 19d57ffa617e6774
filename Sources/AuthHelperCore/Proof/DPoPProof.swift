/// One DPoP proof (RFC 9449 §4): a JWT signed with the profile's key, for one request only —
/// `htm` its method, `htu` its URL as sent without query and fragment, `iat` now, a fresh `jti`,
/// the server's `nonce` when it gave one, and `ath` (the access token's SHA-256) at an API.
public enum DPoPProof {
    /// The proof for `method` on `url`.
    public static func make(
        key: DPoPKey, method: String, url: String, now: Int64, nonce: String? = nil, accessToken: String? = nil
    ) throws(AuthError) -> String {
        let header = #"{"typ":"dpop+jwt","alg":"ES256","jwk":\#(key.publicJWK)}"#
        var claims: [(String, JSONValue)] = [
            ("jti", .string(RandomText.urlSafe(bytes: 18))), ("htm", .string(method.uppercased())), ("htu", .string(targetURI(of: url))),
            ("iat", .number(Double(now))),
        ]
        if let nonce { claims.append(("nonce", .string(nonce))) }
        if let accessToken {
            claims.append(("ath", .string(DPoPKey.base64url(try Crypto.sha256(Array(accessToken.utf8), for: "A DPoP proof")))))
        }
        let signingInput = DPoPKey.base64url(Array(header.utf8)) + "." + DPoPKey.base64url(Array(JSONValue.object(claims).serialized.utf8))
        return signingInput + "." + DPoPKey.base64url(try key.sign(Array(signingInput.utf8)))
    }

    /// `htu` (RFC 9449 §4.2): the URL as sent, without its query and fragment.
    public static func targetURI(of url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }

    /// The error code of a refusal that asks for a nonce: 400 at a token endpoint with
    /// `{"error":"use_dpop_nonce"}`, 401 at an API with `WWW-Authenticate: DPoP error="use_dpop_nonce"`.
    public static let useNonce = "use_dpop_nonce"
}
