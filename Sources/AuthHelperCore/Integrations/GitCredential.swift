/// git's credential helper protocol (gitcredentials(7), git-credential(1)).
///
/// Input is `key=value` lines ended by a blank line or end of input. Unknown keys and unknown
/// operations are ignored, so a newer git keeps working with this helper (as git's own helpers
/// do). Keys ending in `[]` are multi-valued (`capability[]=authtype`).
public struct GitCredentialRequest: Equatable, Sendable {
    public var attributes: [String: String] = [:]
    public var capabilities: Set<String> = []
    /// `wwwauth[]`: the server's `WWW-Authenticate` challenges (git ≥ 2.41), one per header.
    public var challenges: [String] = []

    public static let maxLineLength = 64 * 1024

    public struct ParseError: Error, Equatable, Sendable {
        public let reason: String
    }

    public init() {}

    /// Parses what git wrote to the helper's stdin.
    public init(parsing bytes: [UInt8]) throws(ParseError) {
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[start..<end]
            start = end + 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty { break }
            guard line.count <= Self.maxLineLength else {
                throw ParseError(reason: "a line longer than \(Self.maxLineLength / 1024) KiB")
            }
            guard !line.contains(0) else { throw ParseError(reason: "a NUL byte in the input") }
            guard let eq = line.firstIndex(of: UInt8(ascii: "=")) else {
                throw ParseError(reason: "a line without '='")
            }
            guard let key = String(validating: line[line.startIndex..<eq], as: UTF8.self),
                let value = String(validating: line[(eq + 1)...], as: UTF8.self)
            else {
                throw ParseError(reason: "a line that is not UTF-8")
            }
            if key == "capability[]" {
                capabilities.insert(value)
            } else if key == "wwwauth[]" {
                challenges.append(value)
            } else if key.hasSuffix("[]") {
                continue  // other multi-valued keys (state[]) mean nothing to this helper
            } else {
                attributes[key] = value
            }
        }
    }

    public var `protocol`: String? { attributes["protocol"] }
    public var host: String? { attributes["host"] }
    public var path: String? { attributes["path"] }

    /// A step-up the server asks for in `wwwauth[]`: git passes the challenges of a 401 (it asks
    /// its helpers only after one), so a 401's `insufficient_user_authentication`, or an
    /// `insufficient_scope` a server sends with 401.
    public var stepUp: StepUpChallenge? {
        guard !challenges.isEmpty else { return nil }
        let joined = challenges.joined(separator: ", ")
        return StepUpChallenge(status: 401, authenticate: joined) ?? StepUpChallenge(status: 403, authenticate: joined)
    }

    /// The URL git asks about (`protocol://host[:port]/path`), or nil without protocol or host.
    public var url: RequestURL? {
        guard let scheme = self.protocol?.lowercased(), scheme == "https" || scheme == "http", let host, !host.isEmpty,
            !host.contains(where: { "/@?#\\".contains($0) })
        else { return nil }
        return RequestURL("\(scheme)://\(host)/\(path ?? "")")
    }
}

/// The reply to `get`.
public enum GitCredentialReply {
    /// With `capability[]=authtype` (git ≥ 2.46) a bearer credential, which git honours only when
    /// the capability line comes first; otherwise username and password, the token as password.
    public static func render(request: GitCredentialRequest, username: String, token: CachedToken) -> String {
        if request.capabilities.contains("authtype") {
            return
                "capability[]=authtype\nauthtype=Bearer\ncredential=\(token.accessToken)\n"
                + "ephemeral=1\npassword_expiry_utc=\(token.expiresAt)\n"
        }
        return "username=\(username)\npassword=\(token.accessToken)\npassword_expiry_utc=\(token.expiresAt)\n"
    }
}
