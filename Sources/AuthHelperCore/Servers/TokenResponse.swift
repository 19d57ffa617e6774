/// A successful login or refresh: a new access token, and usually a new refresh token (a server
/// that does not rotate answers a refresh without one; fastapi-users' stock login gives none).
extension CachedToken {
    public init(_ grant: TokenGrant) {
        self.init(accessToken: grant.accessToken, expiresAt: grant.expiresAt, obtainedAt: grant.obtainedAt)
    }
}

public struct TokenGrant: Equatable, Sendable {
    public let accessToken: String
    public let refreshToken: String?
    /// Seconds since the epoch. Receipt time + `expires_in`; else the JWT's `exp`; else the
    /// receipt time itself, so the token serves the call that got it and is refreshed after.
    public let expiresAt: Int64
    /// When the grant was received (seconds since the epoch).
    public let obtainedAt: Int64
    /// A password login the server took only once the form no longer named the client (see
    /// Profile.passwordGrantWithoutClientID): the login records it.
    public var tookPasswordWithoutClientID = false

    public init(accessToken: String, refreshToken: String?, expiresAt: Int64, obtainedAt: Int64) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.obtainedAt = obtainedAt
    }
}

/// Turns server answers into grants or errors, per the seed API. Pure: no I/O, easy to fuzz.
public enum TokenResponseParser {
    /// The longest lifetime taken at face value (a year): a longer `expires_in` is malformed, a
    /// JWT `exp` further ahead is ignored as if absent.
    static let maxLifetime: Double = 366 * 86400

    /// The answer to `POST /auth/jwt/login`.
    public static func parseLogin(_ response: HTTPResponse, url: String, receivedAt: Int64) throws(AuthError) -> TokenGrant {
        if let grant = try parseCommon(response, url: url, receivedAt: receivedAt) { return grant }
        let detail = detailText(response.body)
        if response.status == 422 {
            throw .usage("The server rejected the login request as invalid (HTTP 422\(detail.map { ": \($0)" } ?? "")).")
        }
        if [400, 401, 403].contains(response.status) {
            let reason = detail ?? "HTTP \(response.status)"
            if reason == "LOGIN_BAD_CREDENTIALS" {
                throw .notPermitted("The server rejected the username or password (LOGIN_BAD_CREDENTIALS); nothing was stored.")
            }
            throw .notPermitted("The server refused the login (\(reason)); nothing was stored.")
        }
        throw unexpected(response, url: url)
    }

    /// The answer to `POST /auth/jwt/refresh`: a grant, or the server's refusal of the token.
    public static func parseRefresh(_ response: HTTPResponse, url: String, receivedAt: Int64) throws(AuthError) -> RefreshResult {
        if let grant = try parseCommon(response, url: url, receivedAt: receivedAt) { return .granted(grant) }
        if [400, 401, 403].contains(response.status) {
            return .rejected(detail: detailText(response.body) ?? "HTTP \(response.status)")
        }
        throw unexpected(response, url: url)
    }

    /// What login and refresh answers have in common: 200, redirects, rate limits, server errors.
    /// Returns nil for a status the caller interprets.
    private static func parseCommon(_ response: HTTPResponse, url: String, receivedAt: Int64) throws(AuthError) -> TokenGrant? {
        switch response.status {
        case 200:
            return try parseGrant(response.body, url: url, receivedAt: receivedAt)
        case 300..<400:
            let target = response.location.map { " to \(printable($0))" } ?? ""
            throw .malformedResponse(
                """
                The server answered \(url) with a redirect (HTTP \(response.status))\(target); authhelper does not follow redirects \
                on login or refresh. Check the server URL in the profile.
                """
            )
        case 429:
            throw .temporary(
                "The server is rate-limiting requests (HTTP 429\(detailSuffix(response.body))); nothing was changed, try again later.")
        case 500..<600:
            throw .temporary(
                "The server failed (HTTP \(response.status)\(detailSuffix(response.body))); nothing was changed, try again later.")
        default:
            return nil
        }
    }

    /// The contract's error for an answer that is neither a grant nor an OAuth error the caller
    /// handles: a redirect (never followed), 429 or 5xx (75), anything else (65).
    public static func commonError(_ response: HTTPResponse, url: String) throws(AuthError) -> AuthError {
        _ = try parseCommon(response, url: url, receivedAt: 0)
        return unexpected(response, url: url)
    }

    private static func unexpected(_ response: HTTPResponse, url: String) -> AuthError {
        .malformedResponse("The server answered \(url) with an unexpected HTTP \(response.status)\(detailSuffix(response.body)).")
    }

    /// - Parameter tokenType: what the request asked for: `bearer`, or `dpop` with a DPoP proof
    ///   (RFC 9449 §5: a server that answers otherwise to a DPoP request is refused, nothing stored).
    static func parseGrant(_ body: [UInt8], url: String, receivedAt: Int64, tokenType: String = "bearer") throws(AuthError) -> TokenGrant {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            let what = body.isEmpty ? "an empty body" : "a body that is not JSON (\(error.reason) at byte \(error.offset))"
            throw .malformedResponse("The server answered \(url) with \(what).")
        }
        guard case .object = json else { throw .malformedResponse("The server answered \(url) with JSON that is not an object.") }
        guard let access = json["access_token"]?.stringValue, isTokenShaped(access) else {
            throw .malformedResponse("The server's answer from \(url) has no usable access_token.")
        }
        let refresh = json["refresh_token"]?.stringValue
        if let refresh, !isTokenShaped(refresh) {
            throw .malformedResponse("The server's answer from \(url) has no usable refresh_token.")
        }
        if let type = json["token_type"] ?? (tokenType == "dpop" ? .string("(none)") : nil) {
            guard let text = type.stringValue, text.lowercased() == tokenType else {
                throw .malformedResponse(
                    """
                    The server's answer from \(url) has token_type \(printable(type.serialized)), but authhelper asked for \
                    \(tokenType == "dpop" ? "a DPoP-bound token" : "a bearer token"); nothing was stored.
                    """
                )
            }
        }
        let expiresAt: Int64
        if let lifetime = json["expires_in"], lifetime != .null {
            // A number, or a string of digits (older Azure AD endpoints send "3599").
            let number =
                lifetime.numberValue
                ?? lifetime.stringValue.flatMap { text in text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? Double(text) : nil }
            guard let seconds = number, seconds.isFinite, seconds >= 0, seconds <= maxLifetime else {
                throw .malformedResponse("The server's answer from \(url) has an invalid expires_in (\(printable(lifetime.serialized))).")
            }
            expiresAt = receivedAt + Int64(seconds)
        } else if let exp = JWT.expiry(of: access), exp - receivedAt <= Int64(maxLifetime) {
            // The same bound as expires_in: an exp further ahead (milliseconds, say) would make
            // a dead token look valid for centuries, and it would never be refreshed.
            expiresAt = exp
        } else {
            expiresAt = receivedAt
        }
        return TokenGrant(accessToken: access, refreshToken: refresh, expiresAt: expiresAt, obtainedAt: receivedAt)
    }

    /// Tokens go into HTTP headers and one-line files: printable ASCII only, bounded length. The
    /// one rule for a server's tokens and an agent's.
    public static func isTokenShaped(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.count <= 16384 && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// The `detail` of an error body, as one printable line: a string as is, a 422 list as its messages.
    static func detailText(_ body: [UInt8]) -> String? {
        guard let json = try? JSONValue.parse(body), let detail = json["detail"] else { return nil }
        switch detail {
        case .string(let s):
            return printable(s, limit: 200)
        case .array(let items):
            let messages = items.compactMap { item -> String? in
                guard let msg = item["msg"]?.stringValue else { return item.stringValue }
                if case .array(let loc)? = item["loc"] {
                    let path = loc.compactMap { $0.stringValue ?? $0.integerValue.map(String.init) }.joined(separator: ".")
                    return "\(path): \(msg)"
                }
                return msg
            }
            return messages.isEmpty ? nil : printable(messages.joined(separator: "; "), limit: 200)
        default:
            return printable(detail.serialized, limit: 200)
        }
    }

    private static func detailSuffix(_ body: [UInt8]) -> String {
        detailText(body).map { ": \($0)" } ?? ""
    }
}

/// The outcome of a refresh that reached the server and got an answer it understood.
public enum RefreshResult: Equatable, Sendable {
    case granted(TokenGrant)
    /// The refresh token was refused (expired, already used, revoked); `detail` is the server's reason.
    case rejected(detail: String)
}
