/// The parts of a URL given to curl that decide where a request goes: scheme, host, port and
/// path. curl's own reading is followed where it differs from a browser's: no scheme means
/// http, user information before `@` is dropped.
public struct RequestURL: Equatable, Sendable {
    public let scheme: String
    /// Lower-cased; IPv6 literals keep their brackets.
    public let host: String
    /// The port, or the scheme's default.
    public let port: Int?
    /// The path, dot segments resolved (URLPath), starting with `/`.
    public let path: String

    /// Nil when the text has no host this check can read (it is then refused, never waved through).
    public init?(_ text: String) {
        var rest = Substring(text)
        var scheme = "http"
        if let separator = rest.firstRange(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            rest = rest[separator.upperBound...]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var pathPart = rest[authorityEnd...]
        if let end = pathPart.firstIndex(where: { $0 == "?" || $0 == "#" }) { pathPart = pathPart[..<end] }
        var host = authority
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let after = host[host.index(after: close)...]
            host = host[...close]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Int(after.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = host.lastIndex(of: ":") {
            let digits = host[host.index(after: colon)...]
            if !digits.isEmpty {
                guard let value = Int(digits) else { return nil }
                port = value
            }
            host = host[..<colon]
        }
        guard !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port ?? Self.defaultPort(scheme)
        self.path = URLPath.normalized(pathPart.isEmpty ? "/" : String(pathPart))
    }

    static func defaultPort(_ scheme: String) -> Int? {
        switch scheme {
        case "https": 443
        case "http": 80
        default: nil
        }
    }
}

extension ServerURL {
    /// Whether a request to `url` goes to this server: the same scheme, host and port, and a
    /// path at or under this server's path prefix.
    public func admits(_ url: RequestURL) -> Bool {
        sameOrigin(as: url) && URLPath.isWithin(url.path, prefix: path)
    }

    /// The same scheme, host and port (the scheme's default filled in), whatever the path.
    public func sameOrigin(as url: RequestURL) -> Bool {
        url.scheme == scheme && url.host == host && url.port == (port ?? RequestURL.defaultPort(scheme))
    }
}
