/// Unguessable text for PKCE verifiers and `state`: the system's random source (getrandom),
/// URL-safe base64 without padding.
public enum RandomText {
    public static func urlSafe(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Base64.encode(bytes, alphabet: Base64.urlAlphabet, padded: false)
    }
}
