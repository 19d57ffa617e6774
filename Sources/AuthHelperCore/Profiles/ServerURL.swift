/// A validated server base URL: `http(s)://host[:port][/prefix]`, no userinfo, query or fragment.
/// Endpoints are appended to it (`{server}/auth/jwt/login`).
public struct ServerURL: Equatable, Sendable, CustomStringConvertible {
    public let scheme: String
    /// Lower-cased host; IPv6 literals keep their brackets.
    public let host: String
    public let port: Int?
    /// Path prefix without a trailing slash; empty for none.
    public let path: String

    public var description: String {
        "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(path)"
    }

    public func endpoint(_ endpointPath: String) -> String { description + endpointPath }

    /// Loopback is an IPv4 literal in 127.0.0.0/8, `[::1]`, `localhost` or a name under
    /// `.localhost` (RFC 6761 §6.3 reserves them for loopback) — decided by the whole host, never
    /// by a prefix: `127.0.0.1.example.com` is a DNS name like any other.
    public var isLoopback: Bool { Self.isLoopback(host: host) }

    /// The loopback rule by host alone (a URL given to curl is judged by it too): LoopbackHost.
    public static func isLoopback(host: String) -> Bool { LoopbackHost.contains(host) }

    /// Parses and checks a URL given by a user or the config file.
    public init(parsing text: String) throws(AuthError) {
        let shown = printable(text)
        // Printable ASCII only: no control character (C0, C1) or bidirectional override can reach
        // a terminal inside a URL, and an IDN is given as punycode (xn--…), as servers publish it.
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .usage(
                """
                The URL '\(shown)' contains a space, a control character or a character outside ASCII; give an international domain \
                name as punycode (xn--…) and percent-encode the rest.
                """
            )
        }
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw .usage("The server URL '\(shown)' has no scheme; write it as https://host[:port][/path].")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw .usage("The server URL '\(shown)' uses '\(scheme)'; only https (and http to loopback) are supported.")
        }
        var rest = text[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#") else {
            throw .usage("The server URL '\(shown)' has a query or fragment; give only scheme, host, port and path.")
        }
        let authority: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            rest = rest[slash...]
        } else {
            authority = rest
            rest = ""
        }
        guard !authority.contains("@") else {
            // Credentials in a URL end up in shell history and process lists.
            throw .usage(
                """
                The server URL '\(printable(String(text[..<schemeEnd.upperBound])))…' carries a user name or password; give the URL \
                without them and log in with --username.
                """
            )
        }
        var host = Substring(authority)
        var port: Int?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw .usage("The server URL '\(shown)' has an unclosed IPv6 address.") }
            let after = host[host.index(after: close)...]
            host = host[...close]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()), (1...65535).contains(p) else {
                    throw .usage("The server URL '\(shown)' has an invalid port.")
                }
                port = p
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else {
                throw .usage("The server URL '\(shown)' has an invalid port.")
            }
            port = p
            host = host[..<colon]
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.[]:_".contains($0)) }) else {
            throw .usage("The server URL '\(shown)' has no valid host name.")
        }
        var path = String(rest)
        while path.hasSuffix("/") { path.removeLast() }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.path = path
    }

    /// The contract's transport rule: plain http only to loopback or with explicit consent.
    public func checkTransport(allowInsecureHTTP: Bool) throws(AuthError) {
        if scheme == "http", !isLoopback, !allowInsecureHTTP {
            throw .usage(
                """
                The server \(description) uses plain http to a host that is not loopback, which would send passwords and tokens \
                unencrypted; use https, or set allow_insecure_http = true in the profile if you accept that.
                """
            )
        }
    }
}
