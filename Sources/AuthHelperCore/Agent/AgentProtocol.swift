/// The token agent's protocol: one request and one answer per connection, each a single line of
/// JSON, versioned and bounded. Only access tokens and what a remote needs to use them (the
/// profile's name, server and `also_for`) ever cross; a refresh token, a client secret or a
/// password has no field here.
///
///     → {"authhelper_agent":1,"op":"token","profile":"work","min_ttl":300}
///     ← {"authhelper_agent":1,"profile":"work","server":"https://api.example.com","also_for":[],
///        "access_token":"…","expires_at":1767225600,"obtained_at":1767222000}
///     ← {"authhelper_agent":1,"exit":77,"error":"…"}
public enum AgentProtocol {
    public static let version: Int64 = 1
    /// A request is a few hundred bytes (a rejected token the longest part of it).
    public static let maxRequest = 16 * 1024
    /// An answer carries one access token: identity providers' run to a few kilobytes.
    public static let maxAnswer = 64 * 1024

    /// What a remote asks.
    public struct Request: Equatable, Sendable {
        public enum Operation: String, Sendable {
            /// The profile's name, server and `also_for`: what the remote needs before it asks for
            /// a token (its runtime cache is keyed by the name; curl and git match the server).
            case profile
            /// An access token.
            case token
        }

        public var operation: Operation
        /// The laptop's profile name; nil: the laptop's default profile.
        public var profile: String?
        /// `--min-ttl` as the remote was given it.
        public var minTTL: Int64?
        /// A token a server just refused (curl's 401 retry, git's erase): refresh unless the
        /// laptop already holds another.
        public var rejected: String?

        public init(operation: Operation, profile: String? = nil, minTTL: Int64? = nil, rejected: String? = nil) {
            self.operation = operation
            self.profile = profile
            self.minTTL = minTTL
            self.rejected = rejected
        }

        public var line: String {
            var members: [(String, JSONValue)] = [
                ("authhelper_agent", .number(Double(AgentProtocol.version))), ("op", .string(operation.rawValue)),
            ]
            if let profile { members.append(("profile", .string(profile))) }
            if let minTTL { members.append(("min_ttl", .number(Double(minTTL)))) }
            if let rejected { members.append(("rejected", .string(rejected))) }
            return JSONValue.object(members).serialized + "\n"
        }

        /// Reads one request line (without its newline); a sentence saying what is wrong otherwise.
        public init(parsing bytes: [UInt8]) throws(AgentProtocol.Refusal) {
            guard bytes.count <= AgentProtocol.maxRequest else {
                throw Refusal("the request is larger than \(AgentProtocol.maxRequest) bytes")
            }
            guard let json = try? JSONValue.parse(bytes), case .object = json else { throw Refusal("the request is not a JSON object") }
            guard let version = json["authhelper_agent"]?.integerValue else { throw Refusal("the request names no protocol version") }
            guard version == AgentProtocol.version else {
                throw Refusal(
                    """
                    the request speaks protocol \(version); this agent speaks \(AgentProtocol.version) (use the same authhelper \
                    version on both machines)
                    """
                )
            }
            guard let name = json["op"]?.stringValue, let operation = Operation(rawValue: name) else {
                throw Refusal("the request names no known operation")
            }
            self.operation = operation
            if let value = json["profile"], value != .null {
                guard let profile = value.stringValue else { throw Refusal("profile must be a string") }
                self.profile = profile
            }
            if let value = json["min_ttl"], value != .null {
                guard let seconds = value.integerValue, seconds >= 0, seconds <= 366 * 86400 else {
                    throw Refusal("min_ttl must be 0 to 31622400 seconds")
                }
                self.minTTL = seconds
            }
            if let value = json["rejected"], value != .null {
                guard let token = value.stringValue, !token.isEmpty else { throw Refusal("rejected must be a token") }
                self.rejected = token
            }
        }
    }

    /// A request the agent will not serve, and why (a sentence for the remote's error message).
    public struct Refusal: Error, Equatable, Sendable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// The profile as a remote sees it: no store, no client, no secret.
    public struct ForwardedProfile: Equatable, Sendable {
        public var name: String
        public var server: String
        public var alsoFor: [String]
        public var username: String

        public init(name: String, server: String, alsoFor: [String], username: String) {
            self.name = name
            self.server = server
            self.alsoFor = alsoFor
            self.username = username
        }
    }

    /// What the agent answers.
    public enum Answer: Equatable, Sendable {
        case profile(ForwardedProfile)
        case token(ForwardedProfile, CachedToken)
        /// The exit status the remote ends with (the contract's codes) and the laptop's words.
        case failure(exit: Int32, message: String)

        public var line: String {
            var members: [(String, JSONValue)] = [("authhelper_agent", .number(Double(AgentProtocol.version)))]
            switch self {
            case .profile(let profile):
                members += Self.members(of: profile)
            case .token(let profile, let token):
                members += Self.members(of: profile)
                members += [
                    ("access_token", .string(token.accessToken)), ("expires_at", .number(Double(token.expiresAt))),
                    ("obtained_at", .number(Double(token.obtainedAt))),
                ]
            case .failure(let exit, let message):
                members += [("exit", .number(Double(exit))), ("error", .string(message))]
            }
            return JSONValue.object(members).serialized + "\n"
        }

        private static func members(of profile: ForwardedProfile) -> [(String, JSONValue)] {
            [
                ("profile", .string(profile.name)), ("server", .string(profile.server)), ("username", .string(profile.username)),
                ("also_for", .array(profile.alsoFor.map { .string($0) })),
            ]
        }

        /// Reads one answer line (without its newline).
        public init(parsing bytes: [UInt8]) throws(AgentProtocol.Refusal) {
            guard bytes.count <= AgentProtocol.maxAnswer else {
                throw Refusal("the answer is larger than \(AgentProtocol.maxAnswer) bytes")
            }
            guard let json = try? JSONValue.parse(bytes), case .object = json else { throw Refusal("the answer is not a JSON object") }
            guard json["authhelper_agent"]?.integerValue == AgentProtocol.version else {
                throw Refusal("the agent speaks another protocol version (use the same authhelper version on both machines)")
            }
            if let message = json["error"]?.stringValue {
                let exit = json["exit"]?.integerValue.map { Int32(clamping: $0) } ?? 69
                self = .failure(exit: [64, 65, 69, 75, 77, 78].contains(exit) ? exit : 69, message: message)
                return
            }
            guard let name = json["profile"]?.stringValue, let server = json["server"]?.stringValue else {
                throw Refusal("the answer names no profile and server")
            }
            var alsoFor: [String] = []
            if case .array(let values)? = json["also_for"] {
                for value in values {
                    guard let text = value.stringValue else { throw Refusal("also_for must hold strings") }
                    alsoFor.append(text)
                }
            }
            // Names from the agent go through the one printable filter before they are stored or shown.
            let username = printable(json["username"]?.stringValue ?? "", limit: 200)
            let profile = ForwardedProfile(name: name, server: server, alsoFor: alsoFor, username: username)
            guard let accessToken = json["access_token"]?.stringValue else {
                self = .profile(profile)
                return
            }
            // An agent's token is checked as a server's: a newline or a space in it would forge a
            // line of `header`, of git's answer or of the cache entry.
            guard TokenResponseParser.isTokenShaped(accessToken) else { throw Refusal("the answer's token is not token-shaped") }
            guard let expiresAt = json["expires_at"]?.integerValue, let obtainedAt = json["obtained_at"]?.integerValue
            else {
                throw Refusal("the answer's token has no expiry")
            }
            self = .token(profile, CachedToken(accessToken: accessToken, expiresAt: expiresAt, obtainedAt: obtainedAt))
        }
    }
}
