/// Signs one API request of a DPoP-bound profile (RFC 9449 §7): the token goes as
/// `Authorization: DPoP`, with a fresh proof for the method and URL that carries `ath` and the
/// nonce the URL's origin last gave. `remember` keeps a nonce an answer gives, for the next proof.
/// One place for `authorization`, `header --method --url` and `authhelper curl`.
public struct DPoPRequestSigner: Sendable {
    let key: DPoPKey
    let nonces: DPoPNonceMemory
    let clock: any TimeSource

    public init(key: DPoPKey, paths: Paths, clock: any TimeSource) {
        self.key = key
        self.nonces = DPoPNonceMemory(paths: paths)
        self.clock = clock
    }

    /// The headers for `method` on `url` with `token`; `nonce` overrides the remembered one (the
    /// one a refusal just gave).
    public func authorization(token: String, method: String, url: String, nonce given: String? = nil) throws(AuthError)
        -> RequestAuthorization
    {
        let nonce = given ?? Self.origin(of: url).flatMap(nonces.nonce(for:))
        let proof = try DPoPProof.make(key: key, method: method, url: url, now: clock.now(), nonce: nonce, accessToken: token)
        return .dpop(token: token, proof: proof)
    }

    public func remember(nonce: String, from url: String) {
        guard let origin = Self.origin(of: url) else { return }
        nonces.remember(nonce, for: origin)
    }

    static func origin(of url: String) -> String? {
        (try? ServerURL(parsing: url)).map(SessionBinding.origin(of:))
    }
}
