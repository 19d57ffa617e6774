/// Reads the `exp` claim of a JWT without verifying it.
///
/// authhelper never trusts a JWT's claims for security, only for scheduling: when a server omits
/// `expires_in`, `exp` says when to refresh. Verification is the server's job.
public enum JWT {
    /// The `exp` claim (seconds since the epoch) of a compact JWS, or nil when the token is not a
    /// JWT or has no numeric `exp`.
    public static func expiry(of token: String) -> Int64? {
        guard let exp = claims(of: token)?["exp"]?.numberValue, exp.isFinite, exp > 0, exp < 1e13 else { return nil }
        return Int64(exp)
    }

    /// The claims (payload) of a compact JWS, unverified; nil when it is not one.
    public static func claims(of token: String) -> JSONValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]), let claims = try? JSONValue.parse(payload),
            case .object = claims
        else { return nil }
        return claims
    }
}

/// base64url (RFC 4648 §5), padding optional, as JWTs use it.
public enum Base64URL {
    public static func decode<S: StringProtocol>(_ text: S) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        var sawPadding = false
        for c in text.utf8 {
            let value: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "-"), UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                sawPadding = true
                continue
            default: return nil
            }
            if sawPadding { return nil }
            buffer = (buffer << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        // A single leftover sextet cannot encode a byte.
        if bits >= 6 { return nil }
        return output
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes, alphabet: Base64.urlAlphabet, padded: false)
    }
}
