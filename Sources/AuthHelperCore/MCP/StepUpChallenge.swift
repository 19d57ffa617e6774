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

    /// Why the request was refused and the login that answers it, for `profile` on `url`.
    public func sentence(url: String, profile: Profile) -> String {
        let said = description.map { " (\($0))" } ?? ""
        let profileFlag = profile.name == "default" ? "" : " --profile \(profile.name)"
        switch need {
        case .scope(let asked):
            let held = (profile.scope ?? "").split(separator: " ").map(String.init)
            let union = held + asked.filter { !held.contains($0) }
            guard !asked.isEmpty else {
                return """
                    \(url) needs a scope this session was not granted\(said), and does not name it. Log in again with the \
                    scope it needs: `authhelper login\(profileFlag) --scope '\(union.joined(separator: " ")) SCOPE'`.
                    """
            }
            return """
                \(url) needs the scope '\(asked.joined(separator: " "))'\(said), which this session was not granted; a refresh \
                cannot add it. Run `authhelper login\(profileFlag) --scope '\(union.joined(separator: " "))'`.
                """
        case .authentication(let acrValues, let maxAge):
            var parameters: [String] = []
            if let acrValues { parameters.append("--param acr_values='\(acrValues)'") }
            if let maxAge { parameters.append("--param max_age=\(maxAge)") }
            if maxAge == 0 { parameters.append("--param prompt=login") }
            return """
                \(url) needs a stronger or more recent login\(said); a refresh cannot give one. Run `authhelper \
                login\(profileFlag)\(parameters.isEmpty ? "" : " " + parameters.joined(separator: " "))`.
                """
        }
    }
}
