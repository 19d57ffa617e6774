import Foundation

/// Users, issued tokens, faults and counters. An actor: FlyingFox serves connections concurrently.
actor ServerState {
    struct Account {
        let id: String
        let password: String
    }

    struct RefreshRecord {
        let username: String
        let expiresAt: Date
        var spent: Bool
        /// The scope the login granted; a refresh may ask for less (RFC 6749 §6), never more.
        var grantedScope = ServerState.defaultScope
        /// The DPoP key (its RFC 7638 thumbprint) the session is bound to; its refresh needs a
        /// proof of the same key.
        var jkt: String? = nil
        /// How the person authenticated at login (`acr`, from `acr_values`) and when
        /// (`auth_time`): a refresh carries both over, as it proves nothing new (RFC 9470).
        var acr: String? = nil
        var authTime = 0
    }

    /// What a login that names no scope is granted.
    static let defaultScope = "read write"

    nonisolated let accounts: [String: Account]
    let accessTTL: Int
    let loginAccessTTL: Int
    let refreshTTL: Int
    let omitExpiresIn: Bool
    let expInMilliseconds: Bool
    nonisolated let quirks: ProviderQuirks
    private let key = Digests.randomKey(32)
    private var refreshTokens: [String: RefreshRecord] = [:]
    private var faults: [Fault]
    /// Access tokens of an older generation are treated as expired (`POST /_dev/expire`).
    private var generation = 0
    private(set) var counters: [String: Int] = [:]
    private(set) var lastLogin: [String: String] = [:]

    init(
        accounts: [String: String], accessTTL: Int, loginAccessTTL: Int, refreshTTL: Int, omitExpiresIn: Bool,
        expInMilliseconds: Bool = false, faults: [Fault],
        quirks: ProviderQuirks = ProviderQuirks()
    ) {
        self.quirks = quirks
        var table: [String: Account] = [:]
        for (name, password) in accounts {
            table[name] = Account(id: UUID().uuidString.lowercased(), password: password)
        }
        self.accounts = table
        self.accessTTL = accessTTL
        self.loginAccessTTL = loginAccessTTL
        self.refreshTTL = refreshTTL
        self.omitExpiresIn = omitExpiresIn
        self.expInMilliseconds = expInMilliseconds
        self.faults = faults
    }

    func count(_ name: String) { counters[name, default: 0] += 1 }

    /// DPoP proofs seen, by `jti`: a proof used twice is a replay.
    private var seenProofs: Set<String> = []

    /// Records `jti`; true when it was seen before.
    func proofSeenBefore(_ jti: String) -> Bool { !seenProofs.insert(jti).inserted }

    func record(_ name: String, _ value: Int) { counters[name] = value }

    func recordLogin(_ fields: [String: String]) {
        var record = fields
        record["password"] = nil
        if let secret = record.removeValue(forKey: "client_secret") { record["client_secret_length"] = String(secret.count) }
        lastLogin = record
    }

    // MARK: Faults

    func addFault(_ fault: Fault) { faults.append(fault) }
    func clearFaults() { faults.removeAll() }

    /// The fault to apply to a request on `target`, if any fires; consumes one of its uses.
    func takeFault(for target: String) -> Fault.Kind? {
        for index in faults.indices where faults[index].target == target || faults[index].target == "any" {
            guard faults[index].remaining != 0 else { continue }
            guard Double.random(in: 0..<1) < faults[index].rate else { continue }
            if faults[index].remaining > 0 { faults[index].remaining -= 1 }
            count("faults_injected")
            return faults[index].kind
        }
        return nil
    }

    // MARK: Tokens

    func expireAccessTokens() { generation += 1 }

    /// Every refresh token issued, in the order issued (the last is the newest).
    private(set) var issuedRefreshTokens: [String] = []

    /// `--token-size`: group names enough to pad a token to the size asked (base64 makes 3 bytes 4).
    var groupsClaim: [String] {
        let groups = quirks.tokenSize * 3 / 4 / 24
        return (0..<groups).map { String(format: "engineering-group-%06d", $0) }
    }

    /// A new pair for `username`: an HS256 JWT access token and a single-use refresh token.
    /// A token answer. With `refreshOnlyWithOfflineAccess`, a login without `offline_access` in
    /// its scope gets no refresh token; with a `nonce`, an id_token carries it.
    ///
    /// `resources` (RFC 8707) become the access token's `aud`; `tokenScope` its `scope` (a refresh
    /// that asks for less); the refresh token keeps the login's grant.
    func issue(
        for username: String, atLogin: Bool = false, scope: String? = nil, nonce: String? = nil, resources: [String] = [],
        tokenScope: String? = nil, grantedScope: String? = nil, jkt: String? = nil, acr: String? = nil, authTime: Int? = nil
    ) -> Data {
        let grant = grantedScope ?? scope ?? Self.defaultScope
        let audience: Any = resources.count > 1 ? resources as Any : (resources.first ?? "fastapi-users:auth") as Any
        let now = Date()
        let accessTTL = atLogin ? loginAccessTTL : self.accessTTL
        let account = accounts[username]!
        let padding: [String: Any] = quirks.tokenSize > 0 ? ["groups": groupsClaim] : [:]
        let authenticatedAt = authTime ?? Int(now.timeIntervalSince1970)
        let authentication: [String: Any] = ["auth_time": authenticatedAt].merging(acr.map { ["acr": $0] } ?? [:]) { $1 }
        let access = sign(
            [
                "user_id": account.id, "sub": account.id, "aud": audience, "scope": tokenScope ?? grant, "typ": "access",
                "iat": Int(now.timeIntervalSince1970), "exp": (Int(now.timeIntervalSince1970) + accessTTL) * (expInMilliseconds ? 1000 : 1),
                "jti": UUID().uuidString, "gen": generation,
            ].merging(padding) { $1 }.merging(jkt.map { ["cnf": ["jkt": $0]] } ?? [:]) { $1 }.merging(authentication) { $1 })
        let refreshID = UUID().uuidString
        let refresh = sign(
            [
                "user_id": account.id, "aud": "fastapi-users:refresh", "typ": "refresh",
                "exp": Int(now.timeIntervalSince1970) + refreshTTL, "jti": refreshID,
            ].merging(padding) { $1 })
        refreshTokens[refresh] = RefreshRecord(
            username: username, expiresAt: now.addingTimeInterval(Double(refreshTTL)), spent: false, grantedScope: grant, jkt: jkt,
            acr: acr, authTime: authenticatedAt)
        var body: [String: Any] = ["access_token": access, "refresh_token": refresh, "token_type": jkt == nil ? "bearer" : "DPoP"]
        if atLogin, quirks.refreshOnlyWithOfflineAccess, !(scope ?? "").split(separator: " ").contains("offline_access") {
            body["refresh_token"] = nil
            refreshTokens[refresh] = nil
        } else {
            issuedRefreshTokens.append(refresh)
        }
        if let nonce {
            body["id_token"] = sign([
                "iss": "devserver", "sub": account.id, "aud": "cli", "nonce": nonce, "preferred_username": username,
                "iat": Int(now.timeIntervalSince1970), "exp": Int(now.timeIntervalSince1970) + accessTTL,
            ])
        }
        if !omitExpiresIn { body["expires_in"] = quirks.expiresInAsString ? String(accessTTL) as Any : accessTTL as Any }
        return serialize(body)
    }

    enum RefreshOutcome {
        case granted(Data)
        case rejected(String)
        /// A scope the login did not grant: refused before the token is spent.
        case scopeBeyondGrant(String)
    }

    /// Spends a refresh token. A token presented a second time is counted as reuse: the number a
    /// correct client keeps at zero. `resources` and a narrower `scope` shape the new access
    /// token (RFC 8707 §2.2, RFC 6749 §6); the new refresh token keeps the login's grant.
    func redeem(_ token: String, resources: [String] = [], scope: String? = nil, jkt: String? = nil) -> RefreshOutcome {
        guard var record = refreshTokens[token] else {
            count("refresh_unknown")
            return .rejected("REFRESH_TOKEN_INVALID")
        }
        guard !record.spent else {
            count("refresh_reuse")
            return .rejected("REFRESH_TOKEN_ALREADY_USED")
        }
        guard record.expiresAt > Date() else {
            count("refresh_expired")
            return .rejected("REFRESH_TOKEN_EXPIRED")
        }
        if let bound = record.jkt, bound != jkt {
            count("dpop_key_mismatch")
            return .rejected("the refresh token is bound to another DPoP key")
        }
        let granted = Set(record.grantedScope.split(separator: " "))
        if let scope, let beyond = scope.split(separator: " ").first(where: { !granted.contains($0) }) {
            return .scopeBeyondGrant("the scope '\(beyond)' was not granted to this session")
        }
        // Minted first, then the old token spent, then answered at once (an actor: nothing runs
        // in between), as a server commits a rotation with its answer ready: the window in which
        // a client killed holds neither pair is the answer's way back, not the signing.
        let answer = issue(
            for: record.username, resources: resources, tokenScope: scope, grantedScope: record.grantedScope, jkt: jkt ?? record.jkt,
            acr: record.acr, authTime: record.authTime)
        record.spent = true
        refreshTokens[token] = record
        return .granted(answer)
    }

    /// Spends a refresh token without issuing anything (RFC 7009 revocation).
    func revoke(_ token: String) {
        refreshTokens[token]?.spent = true
    }

    /// The non-standard parameters of the last password grant (`param_NAME`: 1), so a test can
    /// see `--param` arrive.
    func recordParameters(_ fields: [String: String]) {
        let standard: Set = ["grant_type", "username", "password", "scope", "client_id", "client_secret"]
        for (name, _) in fields where !standard.contains(name) { counters["param_" + name] = 1 }
    }

    /// The user behind a valid access token.
    func verifyAccess(_ token: String) -> (name: String, id: String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard let signature = Base64URL.decode(String(parts[2])),
            Digests.hmacSHA256(signingInput, key: key) == signature,
            let payload = Base64URL.decode(String(parts[1])),
            let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
            claims["typ"] as? String == "access",
            let exp = claims["exp"] as? Int, Date(timeIntervalSince1970: Double(exp / (expInMilliseconds ? 1000 : 1))) > Date(),
            claims["gen"] as? Int == generation,
            let id = claims["user_id"] as? String,
            let name = accounts.first(where: { $0.value.id == id })?.key
        else { return nil }
        return (name, id)
    }

    /// The DPoP key thumbprint a valid access token is bound to (`cnf.jkt`), or nil.
    func boundKey(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, verifyAccess(token) != nil, let payload = Base64URL.decode(String(parts[1])),
            let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any]
        else { return nil }
        return (claims["cnf"] as? [String: Any])?["jkt"] as? String
    }

    private func sign(_ claims: [String: Any]) -> String {
        let header = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(try! JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
        let mac = Digests.hmacSHA256(Data("\(header).\(payload)".utf8), key: key)
        return "\(header).\(payload).\(Base64URL.encode(Data(mac)))"
    }

    // MARK: Logins in a browser

    struct IssuedCode {
        let challenge: String
        let redirectURI: String
        var scope: String? = nil
        /// The nonce the id_token will carry (OpenID Connect Core §3.1.2.1).
        var nonce: String? = nil
    }

    /// Seconds a device code lives (`--device-expires-in`).
    var deviceExpiresIn = 600
    private var deviceLogins: [String: (userCode: String, used: Bool, scope: String?)] = [:]
    private var codes: [String: IssuedCode] = [:]
    private var lastDevicePoll: Date?

    func startDeviceLogin(clientID: String, scope: String?) -> (deviceCode: String, userCode: String) {
        count("device_authorizations")
        let deviceCode = UUID().uuidString + UUID().uuidString
        let letters = Array("BCDFGHJKLMNPQRSTVWXZ")
        let userCode = String((0..<4).map { _ in letters.randomElement()! }) + "-" + String((0..<4).map { _ in letters.randomElement()! })
        deviceLogins[deviceCode] = (userCode, false, scope)
        return (deviceCode, userCode)
    }

    func deviceLoginExists(_ deviceCode: String) -> Bool { deviceLogins[deviceCode] != nil }

    /// The user the approved device code logs in (the first account), once.
    func finishDeviceLogin(_ deviceCode: String) -> (username: String, scope: String?)? {
        guard let login = deviceLogins[deviceCode], !login.used, let username = accounts.keys.sorted().first else { return nil }
        deviceLogins[deviceCode]?.used = true
        return (username, login.scope)
    }

    /// Counts polls and records the milliseconds since the previous one (`device_poll_gap_ms`,
    /// the longest in `device_poll_gap_ms_max`), so a test can see the client's pace.
    func recordDevicePoll() {
        count("device_polls")
        let now = Date()
        if let last = lastDevicePoll {
            let gap = Int(now.timeIntervalSince(last) * 1000)
            record("device_poll_gap_ms", gap)
            record("device_poll_gap_ms_max", max(gap, counters["device_poll_gap_ms_max"] ?? 0))
        }
        lastDevicePoll = now
    }

    func issueCode(challenge: String, redirectURI: String, scope: String? = nil, nonce: String? = nil) -> String {
        let code = UUID().uuidString.lowercased() + UUID().uuidString.lowercased()
        codes[code] = IssuedCode(challenge: challenge, redirectURI: redirectURI, scope: scope, nonce: nonce)
        return code
    }

    func takeCode(_ code: String) -> IssuedCode? { codes.removeValue(forKey: code) }

    func setDeviceExpiresIn(_ seconds: Int) { deviceExpiresIn = seconds }

    /// The last code and verifier redeemed, so a test can prove neither reached authhelper's output.
    private(set) var lastCodeExchange: [String: String] = [:]
    func recordCodeExchange(code: String, verifier: String) { lastCodeExchange = ["code": code, "code_verifier": verifier] }

    func stats() -> Data {
        var result: [String: Any] = counters
        for name in [
            "logins", "login_failures", "refresh_requests", "refreshes", "postman_refreshes", "refresh_rejections", "refresh_reuse",
            "users_me", "users_me_unauthorized", "faults_injected",
            "device_authorizations", "device_polls", "device_logins", "authorize_requests", "code_logins", "code_rejections",
        ] where result[name] == nil {
            result[name] = 0
        }
        result["last_login"] = lastLogin
        result["last_code_exchange"] = lastCodeExchange
        return serialize(result)
    }
}

func serialize(_ object: Any) -> Data {
    (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
}

enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
