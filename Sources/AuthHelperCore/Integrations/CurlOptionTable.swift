/// Every command-line option of curl as `authhelper curl` reads it, so the URLs it checks are the
/// URLs curl will request. The names are those `curl --help all` lists for curl 7.88 (Debian 12);
/// `CurlOptionTableTests` reads the installed curl's list and fails on any option this table does
/// not classify, or classifies differently.
///
/// An option that is not here is refused, never guessed at: a newer curl's option whose value this
/// table did not know would be read as a URL, or worse, a URL as its value.
public enum CurlOptionKind: Equatable, Sendable {
    /// A boolean; `--no-NAME` switches it off.
    case flag
    /// Takes the next argument (or the rest of a cluster of short options) as its value.
    case valued
    /// `--help`, `--manual`, `--version`: curl prints and exits without any transfer.
    case informational
    /// authhelper does not run curl with it; the reason is shown (exit 64).
    case refused(String)
}

enum CurlOptionTable {
    static let valued: Set<String> = [
        "abstract-unix-socket", "alt-svc", "aws-sigv4", "cacert", "capath", "cert", "cert-type", "ciphers", "config",
        "connect-timeout", "connect-to", "continue-at", "cookie", "cookie-jar", "create-file-mode", "crlfile", "curves", "data",
        "data-ascii", "data-binary", "data-raw", "data-urlencode", "delegation", "dns-interface", "dns-ipv4-addr", "dns-ipv6-addr",
        "dns-servers", "doh-url", "dump-header", "egd-file", "engine", "etag-compare", "etag-save", "expect100-timeout", "form",
        "form-string", "ftp-account", "ftp-alternative-to-user", "ftp-method", "ftp-port", "ftp-ssl-ccc-mode",
        "happy-eyeballs-timeout-ms", "header", "hostpubmd5", "hostpubsha256", "hsts", "interface", "json", "keepalive-time", "key",
        "key-type", "krb", "libcurl", "limit-rate", "local-port", "login-options", "mail-auth", "mail-from", "mail-rcpt",
        "max-filesize", "max-redirs", "max-time", "netrc-file", "noproxy", "oauth2-bearer", "output", "output-dir", "parallel-max",
        "pass", "pinnedpubkey", "preproxy", "proto", "proto-default", "proto-redir", "proxy", "proxy-cacert", "proxy-capath",
        "proxy-cert", "proxy-cert-type", "proxy-ciphers", "proxy-crlfile", "proxy-header", "proxy-key", "proxy-key-type",
        "proxy-pass", "proxy-pinnedpubkey", "proxy-service-name", "proxy-tls13-ciphers", "proxy-tlsauthtype",
        "proxy-tlspassword", "proxy-tlsuser", "proxy-user", "proxy1.0", "pubkey", "quote", "random-file", "range", "rate",
        "referer", "request", "request-target", "resolve", "retry", "retry-delay", "retry-max-time", "sasl-authzid",
        "service-name", "socks4", "socks4a", "socks5", "socks5-gssapi-service", "socks5-hostname", "speed-limit", "speed-time",
        "stderr", "telnet-option", "tftp-blksize", "time-cond", "tls-max", "tls13-ciphers", "tlsauthtype", "tlspassword",
        "tlsuser", "trace", "trace-ascii", "unix-socket", "upload-file", "url", "url-query", "user", "user-agent", "write-out",
    ]

    static let flags: Set<String> = [
        "anyauth", "append", "basic", "cert-status", "compressed", "compressed-ssh", "create-dirs", "crlf", "digest", "disable",
        "disable-eprt", "disable-epsv", "disallow-username-in-url", "doh-cert-status", "doh-insecure", "fail", "fail-early",
        "fail-with-body", "false-start", "form-escape", "ftp-create-dirs", "ftp-pasv", "ftp-pret", "ftp-skip-pasv-ip",
        "ftp-ssl-ccc", "ftp-ssl-control", "get", "globoff", "haproxy-protocol", "head", "http0.9", "http1.0", "http1.1", "http2",
        "http2-prior-knowledge", "http3", "http3-only", "ignore-content-length", "include", "insecure", "ipv4", "ipv6",
        "junk-session-cookies", "list-only", "location", "location-trusted", "mail-rcpt-allowfails", "metalink", "negotiate",
        "netrc", "netrc-optional", "next", "no-alpn", "no-buffer", "no-clobber", "no-keepalive", "no-npn", "no-progress-meter",
        "no-sessionid", "ntlm", "ntlm-wb", "parallel", "parallel-immediate", "path-as-is", "post301", "post302", "post303",
        "progress-bar", "proxy-anyauth", "proxy-basic", "proxy-digest", "proxy-insecure", "proxy-negotiate", "proxy-ntlm",
        "proxy-ssl-allow-beast", "proxy-ssl-auto-client-cert", "proxy-tlsv1", "proxytunnel", "raw", "remote-header-name",
        "remote-name", "remote-name-all", "remote-time", "remove-on-error", "retry-all-errors", "retry-connrefused", "sasl-ir",
        "show-error", "silent", "socks5-basic", "socks5-gssapi", "socks5-gssapi-nec", "ssl", "ssl-allow-beast",
        "ssl-auto-client-cert", "ssl-no-revoke", "ssl-reqd", "ssl-revoke-best-effort", "sslv2", "sslv3", "styled-output",
        "suppress-connect-headers", "tcp-fastopen", "tcp-nodelay", "tftp-no-options", "tlsv1", "tlsv1.0", "tlsv1.1", "tlsv1.2",
        "tlsv1.3", "tr-encoding", "trace-time", "use-ascii", "verbose", "xattr",
    ]

    static let informational: Set<String> = ["help", "manual", "version"]

    /// Options that would take the request, or the token, where authhelper's check cannot follow.
    /// The last ones are newer curls' (8.3: `--variable`, `--expand-NAME`), refused by name so the
    /// reason is clear wherever curl is new enough to know them.
    static let refused: [String: String] = [
        "config": "a curl config file (-K/--config) could name URLs authhelper cannot check; give curl's options on the command line",
        "location-trusted": "--location-trusted would send the token to any host a redirect names",
        "connect-to": "--connect-to would send the request for the profile's host to another host",
        "resolve": "--resolve would send the request for the profile's host to another address",
        "unix-socket": "--unix-socket would send the request to a local socket instead of the profile's server",
        "abstract-unix-socket": "--abstract-unix-socket would send the request to a local socket instead of the profile's server",
        "request-target": "--request-target would send the request to a path authhelper does not check",
        "path-as-is": "--path-as-is keeps '..' segments that can take the request out of the profile's path",
        "variable": "--variable builds URLs and headers at run time, out of authhelper's sight",
    ]

    /// curl's short options: the long option each letter stands for.
    static let shortOptions: [Character: String] = [
        "a": "append", "E": "cert", "K": "config", "C": "continue-at", "b": "cookie", "c": "cookie-jar", "d": "data", "q": "disable",
        "D": "dump-header", "f": "fail", "F": "form", "P": "ftp-port", "G": "get", "g": "globoff", "I": "head", "H": "header",
        "h": "help", "0": "http1.0", "i": "include", "k": "insecure", "4": "ipv4", "6": "ipv6", "j": "junk-session-cookies",
        "l": "list-only", "L": "location", "M": "manual", "m": "max-time", "n": "netrc", ":": "next", "N": "no-buffer",
        "o": "output", "Z": "parallel", "#": "progress-bar", "x": "proxy", "U": "proxy-user", "p": "proxytunnel", "Q": "quote",
        "r": "range", "e": "referer", "J": "remote-header-name", "O": "remote-name", "R": "remote-time", "X": "request",
        "S": "show-error", "s": "silent", "Y": "speed-limit", "y": "speed-time", "2": "sslv2", "3": "sslv3", "t": "telnet-option",
        "z": "time-cond", "1": "tlsv1", "T": "upload-file", "B": "use-ascii", "u": "user", "A": "user-agent", "v": "verbose",
        "V": "version", "w": "write-out",
    ]

    /// How curl reads the long option `name` (lower-case, without `--`); nil when unknown.
    static func kind(of name: String) -> CurlOptionKind? {
        if let reason = refused[name] { return .refused(reason) }
        if name.hasPrefix("expand-") {
            return .refused("--\(name) builds its value from --variable at run time, out of authhelper's sight")
        }
        if informational.contains(name) { return .informational }
        if valued.contains(name) { return .valued }
        if flags.contains(name) { return .flag }
        return nil
    }

    /// Every long name this table knows, for naming what an abbreviation stands for.
    static var allNames: Set<String> { valued.union(flags).union(informational).union(refused.keys) }
}
