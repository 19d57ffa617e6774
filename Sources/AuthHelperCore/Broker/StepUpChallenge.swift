/// What a protected resource says a token is not enough for (RFC 6750 §3.1, RFC 9470 §3): more
/// scope, or a stronger or fresher authentication. A refresh cannot answer either — a refresh may
/// only narrow the scope (RFC 6749 §6) and proves nothing about the person — so neither is
/// retried with a refreshed token: a new login is, and it is named with the line that runs it.
public struct StepUpChallenge: Equatable, Sendable {
    public enum Need: Equatable, Sendable {
        /// 403 `insufficient_scope`: the scopes the server names (empty: it named none).
        case scope([String])
        /// 401 `insufficient_user_authentication`, with `acr_values` and/or `max_age`.
        case authentication(acrValues: String?, maxAge: Int?)
    }

    public let need: Need
    /// The server's `error_description`, through the printable filter.
    public let description: String?

    /// The challenge in a 401 or 403 answer, if it is one of these.
    public init?(status: Int, authenticate: String?) {
        guard
            let challenge = AuthenticationChallenge.parse(authenticate ?? "").first(where: { $0.scheme == "bearer" || $0.scheme == "dpop" })
        else { return nil }
        description = challenge["error_description"].map { printable($0, limit: 200) }
        switch (status, challenge["error"]) {
        case (403, "insufficient_scope"):
            need = .scope((challenge["scope"] ?? "").split(separator: " ").map { printable(String($0), limit: 60) })
        case (401, "insufficient_user_authentication"):
            need = .authentication(
                acrValues: challenge["acr_values"].map { printable($0, limit: 100) }, maxAge: challenge["max_age"].flatMap { Int($0) })
        default:
            return nil
        }
    }

    /// The scope a login that answers this asks for: the held scopes and the asked ones together
    /// (the MCP authorization spec's union: a new login must not lose what the session had).
    /// nil where the challenge is not about scope or names none.
    public func scope(holding held: String?) -> String? {
        guard case .scope(let asked) = need, !asked.isEmpty else { return nil }
        let holding = (held ?? "").split(separator: " ").map(String.init)
        return (holding + asked.filter { !holding.contains($0) }).joined(separator: " ")
    }

    /// The authorization request's parameters that answer an authentication challenge (RFC 9470
    /// §4): `acr_values`, `max_age`, and `prompt=login` where no earlier login may count.
    public var loginParameters: [RequestParameter] {
        guard case .authentication(let acrValues, let maxAge) = need else { return [] }
        var fields: [String] = []
        if let acrValues { fields.append("acr_values=\(acrValues)") }
        if let maxAge { fields.append("max_age=\(maxAge)") }
        if maxAge == 0 { fields.append("prompt=login") }
        // The values passed the printable filter; one that is still no parameter is left out.
        return fields.compactMap { try? RequestParameter(parsing: $0) }
    }

    /// What a login that answered it was for, kept with the session (StoredSession.steppedUpFor):
    /// `scope:S` with the union asked, `auth:acr_values=A;max_age=N`.
    public func memo(holding held: String?) -> String {
        switch need {
        case .scope: "scope:" + (scope(holding: held) ?? "")
        case .authentication: "auth:" + loginParameters.filter { $0.name != "prompt" }.map(\.description).joined(separator: ";")
        }
    }

    /// Whether the session's login already answered this very challenge (`memo` of that login):
    /// every scope asked was asked for then, or the same authentication was.
    public func wasAnswered(byLoginFor memo: String?) -> Bool {
        guard let memo else { return false }
        switch need {
        case .scope(let asked):
            guard memo.hasPrefix("scope:") else { return false }
            let granted = memo.dropFirst("scope:".count).split(separator: " ").map(String.init)
            return !asked.isEmpty && asked.allSatisfy(granted.contains)
        case .authentication:
            return memo == self.memo(holding: nil)
        }
    }

    /// Whether a login can answer it: a scope the server names, or an authentication it asks for.
    public var isAnswerable: Bool {
        switch need {
        case .scope(let asked): !asked.isEmpty
        case .authentication: true
        }
    }

    /// What the person at the terminal is told before the login that answers it.
    public func announcement(url: String, profile: Profile) -> String {
        let said = description.map { " (\($0))" } ?? ""
        switch need {
        case .scope(let asked):
            return """
                \(url) needs the scope '\(asked.joined(separator: " "))'\(said). Logging in again as profile '\(profile.name)' with \
                the scope '\(scope(holding: profile.scope) ?? "")'.
                """
        case .authentication:
            return "\(url) needs a stronger or more recent login\(said). Logging in again as profile '\(profile.name)'."
        }
    }

    /// Why the request was refused and the login that answers it, for `profile` on `url`.
    public func sentence(url: String, profile: Profile) -> String {
        let said = description.map { " (\($0))" } ?? ""
        let profileFlag = profile.name == "default" ? "" : " --profile \(profile.name)"
        switch need {
        case .scope(let asked):
            guard let union = scope(holding: profile.scope) else {
                return """
                    \(url) needs a scope this session was not granted\(said), and does not name it. Log in again with the \
                    scope it needs: `authhelper login\(profileFlag) --scope '\((profile.scope.map { $0 + " " } ?? "") + "SCOPE")'`.
                    """
            }
            return """
                \(url) needs the scope '\(asked.joined(separator: " "))'\(said), which this session was not granted; a refresh \
                cannot add it. Run `authhelper login\(profileFlag) --scope '\(union)'`.
                """
        case .authentication:
            let parameters = loginParameters.map { "--param \($0.name)='\($0.value)'" }
            return """
                \(url) needs a stronger or more recent login\(said); a refresh cannot give one. Run `authhelper \
                login\(profileFlag)\(parameters.isEmpty ? "" : " " + parameters.joined(separator: " "))`.
                """
        }
    }
}
