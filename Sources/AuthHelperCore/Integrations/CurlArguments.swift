#if canImport(Glibc)
    import Glibc
#endif

/// What `authhelper curl` must know about curl's arguments before it runs curl with a token: the
/// URLs requested (the token goes only to the profile's own origins), the sources a request body
/// is read from (a retry after a 401 must send the same body), and the options it refuses.
///
/// curl has no `--option=value` form; a short option takes its value from the rest of its
/// cluster or from the next argument (`-dX`, `-d X`, `-sSd X`). An option this table does not
/// know is read as a flag, so its value, if it has one, is checked as a URL: unknown input fails
/// closed (a usage error), never open.
public struct CurlArguments: Equatable, Sendable {
    /// Where a request body or upload comes from.
    public enum BodySource: Equatable, Sendable {
        /// Given on the command line itself.
        case literal
        /// Read from a path (`-` is stdin).
        case file(String)
    }

    public private(set) var urls: [String] = []
    public private(set) var bodySources: [BodySource] = []
    /// The first option authhelper does not run curl with, and why.
    public private(set) var refusal: String?
    /// `--help`, `--version` or `--manual`: curl prints and sends nothing (`--help` takes an
    /// optional category, which is no URL).
    public private(set) var sendsNothing = false

    /// curl 7.88's options that take a value (`curl --help all`), and later ones that do.
    static let valuedLongOptions: Set<String> = [
        "abstract-unix-socket", "alt-svc", "aws-sigv4", "cacert", "capath", "cert", "cert-type", "ciphers", "config", "connect-timeout", "connect-to", "continue-at", "cookie", "cookie-jar", "create-file-mode", "crlfile", "curves", "data", "data-ascii", "data-binary", "data-raw", "data-urlencode", "delegation", "dns-interface", "dns-ipv4-addr", "dns-ipv6-addr", "dns-servers", "doh-url",
        "dump-header", "egd-file", "engine", "etag-compare", "etag-save", "expect100-timeout", "form", "form-string", "ftp-account", "ftp-alternative-to-user", "ftp-method", "ftp-port", "ftp-ssl-ccc-mode", "happy-eyeballs-timeout-ms", "header", "hostpubmd5", "hostpubsha256", "hsts", "interface", "json", "keepalive-time", "key", "key-type", "krb", "libcurl", "limit-rate", "local-port",
        "login-options", "mail-auth", "mail-from", "mail-rcpt", "max-filesize", "max-redirs", "max-time", "netrc-file", "noproxy", "oauth2-bearer", "output", "output-dir", "parallel-max", "pass", "pinnedpubkey", "proto", "proto-default", "proto-redir", "proxy-cacert", "proxy-capath", "proxy-cert", "proxy-cert-type", "proxy-ciphers", "proxy-crlfile", "proxy-header", "proxy-key", "proxy-key-type",
        "proxy-pass", "proxy-pinnedpubkey", "proxy-service-name", "proxy-tls13-ciphers", "proxy-tlsauthtype", "proxy-tlspassword", "proxy-tlsuser", "proxy-user", "pubkey", "quote", "random-file", "range", "rate", "referer", "request", "request-target", "resolve", "retry", "retry-delay", "retry-max-time", "sasl-authzid", "service-name", "socks4", "socks4a", "socks5", "socks5-gssapi-service",
        "socks5-hostname", "speed-limit", "speed-time", "stderr", "telnet-option", "tftp-blksize", "time-cond", "tls-max", "tls13-ciphers", "tlsauthtype", "tlspassword", "tlsuser", "trace", "trace-ascii", "unix-socket", "upload-file", "url", "url-query", "user", "user-agent", "write-out",
        "variable", "expand-data", "expand-url", "ip-tos", "vlan-priority", "ech", "ssl-sessions", "upload-flags",
    ]
    static let valuedShortOptions: Set<Character> = Set("EKCbcdDFPHmoUQreXYytzTuAw")
    /// Options whose value is a body, or names a file a body or the headers are read from.
    static let bodyOptions: [String: BodyForm] = [
        "data": .atFile, "data-ascii": .atFile, "data-binary": .atFile, "json": .atFile, "data-raw": .literal,
        "data-urlencode": .urlencode, "url-query": .urlencode, "variable": .urlencode, "form": .form, "form-string": .literal,
        "upload-file": .path, "header": .atFile, "proxy-header": .atFile,
    ]
    static let shortNames: [Character: String] = [
        "d": "data", "F": "form", "T": "upload-file", "H": "header", "K": "config", "X": "request", "o": "output",
    ]

    enum BodyForm {
        /// `@file` reads a file (`@-` stdin); anything else is literal.
        case atFile
        /// `name@file` or `@file` reads a file; `name=content` and `=content` are literal.
        case urlencode
        /// `name=@file` or `name=<file` (up to a `;`) reads a file.
        case form
        /// The value is a path.
        case path
        case literal
    }

    public init(parsing arguments: [String]) {
        var index = 0
        var afterTerminator = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if afterTerminator || argument == "-" || !argument.hasPrefix("-") {
                urls.append(argument)
                continue
            }
            if argument == "--" {
                afterTerminator = true
                continue
            }
            if argument.hasPrefix("--") {
                let name = String(argument.dropFirst(2))
                guard Self.takesValue(long: name) else {
                    note(flag: name)
                    continue
                }
                let value = index < arguments.count ? arguments[index] : ""
                index += 1
                note(option: name, value: value)
                continue
            }
            // A cluster of short options: the first that takes a value takes the rest, or the next argument.
            var letters = Substring(argument.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                if "hVM".contains(letter) { sendsNothing = true }
                guard Self.valuedShortOptions.contains(letter) else { continue }
                let value: String
                if !letters.isEmpty {
                    value = String(letters)
                } else {
                    value = index < arguments.count ? arguments[index] : ""
                    index += 1
                }
                note(option: Self.shortNames[letter] ?? String(letter), value: value)
                break
            }
        }
    }

    static func takesValue(long name: String) -> Bool {
        valuedLongOptions.contains(name) || (name.hasPrefix("expand-") && valuedLongOptions.contains(String(name.dropFirst("expand-".count))))
    }

    private mutating func note(flag name: String) {
        if ["help", "version", "manual"].contains(name) { sendsNothing = true }
        if name == "location-trusted" {
            refuse("--location-trusted would send the token to any host a redirect names")
        }
    }

    private mutating func note(option name: String, value: String) {
        let name = name.hasPrefix("expand-") ? String(name.dropFirst("expand-".count)) : name
        switch name {
        case "url": urls.append(value)
        case "config", "K": refuse("a curl config file (-K/--config) could name URLs authhelper cannot check; give curl's options on the command line")
        default: break
        }
        guard let form = Self.bodyOptions[name] else { return }
        bodySources.append(Self.source(of: value, form: form))
    }

    private mutating func refuse(_ reason: String) {
        if refusal == nil { refusal = reason }
    }

    static func source(of value: String, form: BodyForm) -> BodySource {
        switch form {
        case .literal:
            return .literal
        case .path:
            return .file(value)
        case .atFile:
            return value.hasPrefix("@") ? .file(String(value.dropFirst())) : .literal
        case .urlencode:
            guard let at = value.firstIndex(of: "@") else { return .literal }
            if let eq = value.firstIndex(of: "="), eq < at { return .literal }
            return .file(String(value[value.index(after: at)...]))
        case .form:
            guard let eq = value.firstIndex(of: "=") else { return .literal }
            let content = value[value.index(after: eq)...]
            guard let first = content.first, first == "@" || first == "<" else { return .literal }
            return .file(String(content.dropFirst().prefix { $0 != ";" }))
        }
    }

    /// stdin and other inherited descriptors by their other names: read once, whatever they are.
    static func namesADescriptor(_ path: String) -> Bool {
        path == "/dev/stdin" || path.hasPrefix("/dev/fd/") || (path.hasPrefix("/proc/") && path.contains("/fd/"))
    }

    /// Whether the request can be sent twice with the same body: every body source is literal
    /// or a regular file. stdin by any name (`-`, `/dev/stdin`, `/proc/self/fd/0`, `/dev/fd/N`),
    /// a FIFO or a device can be read only once.
    public var isReplayable: Bool {
        bodySources.allSatisfy { source in
            guard case .file(let path) = source else { return true }
            guard path != "-", path != ".", !Self.namesADescriptor(path) else { return false }
            var st = stat()
            guard stat(path, &st) == 0 else { return true }  // curl reports a missing file itself
            return (st.st_mode & S_IFMT) == S_IFREG
        }
    }
}
