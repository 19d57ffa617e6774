#if canImport(Glibc)
    import Glibc
#endif

/// What `authhelper curl` must know about curl's arguments before it runs curl with a token: the
/// URLs requested (the token goes only to the profile's own origins), the sources a request body
/// is read from (a retry after a 401 must send the same body), and the options it refuses.
///
/// The arguments are read the way curl reads them (CurlOptionTable): a long option by its whole
/// name in any case (`--URL`), `--no-NAME` for a boolean, a short option taking its value from the
/// rest of its cluster or the next argument (`-dX`, `-d X`, `-sSd X`), everything after `--` a URL.
/// Whatever curl might read differently is refused (exit 64, naming the option): an option the
/// table does not know, an abbreviation (curl takes `--user-a` for `--user-agent`, and `-h` after
/// it as that option's value), `--name=value` (curl 8.16 reads it, older curls do not). curl runs
/// with `-q` first, so no `.curlrc` adds a URL of its own (CurlRunner).
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
    /// `--help`, `--version` or `--manual`: curl prints and exits before any transfer, so it runs
    /// without the token at all (nothing depends on reading the rest right). A refusal still
    /// wins: `--user-a -h` is no request for help.
    public private(set) var printsOnly = false
    /// `-L`/`--location`: curl follows redirects, and sends the headers given it to the host a
    /// redirect names (a DPoP proof among them).
    public private(set) var followsRedirects = false

    /// `-X`/`--request` as curl reads it: the last one wins, bundled (`-sX DELETE`, `-sXDELETE`)
    /// or not.
    private var requestMethod: String?
    /// `-I`/`--head`, `-T`/`--upload-file`, `-G`/`--get`: the method curl picks without `-X`.
    private var head = false, upload = false, get = false
    /// A request body (`-d`, `--json`, `-F`, …): curl POSTs it. Headers and `--url-query` are
    /// read from files too, but are no body.
    private var body = false
    static let postingOptions: Set<String> = [
        "data", "data-ascii", "data-binary", "json", "data-raw", "data-urlencode", "form", "form-string",
    ]

    /// The HTTP method curl will use (a DPoP proof names it, `htm`): `-X`/`--request`, else HEAD
    /// for `-I`, PUT for an upload, GET for `-G`, POST for a body, else GET.
    public var method: String {
        if let requestMethod { return requestMethod }
        if head { return "HEAD" }
        if upload { return "PUT" }
        if get { return "GET" }
        return body ? "POST" : "GET"
    }

    /// A DPoP proof signs one request (its method and URL) and must reach no other host: one URL,
    /// no redirects followed (curl would send the proof to whatever host a redirect names).
    public func requireSignable() throws(AuthError) {
        if urls.count != 1 {
            throw .usage("A DPoP proof is for one request: with a DPoP-bound profile, run one authhelper curl per URL.")
        }
        if followsRedirects {
            throw .usage(
                """
                With a DPoP-bound profile, authhelper curl does not follow redirects (-L, --location): curl would send the DPoP \
                proof to whatever host a redirect names. Call the final URL.
                """)
        }
    }

    /// Options whose value is a body, or names a file a body or the headers are read from.
    static let bodyOptions: [String: BodyForm] = [
        "data": .atFile, "data-ascii": .atFile, "data-binary": .atFile, "json": .atFile, "data-raw": .literal,
        "data-urlencode": .urlencode, "url-query": .urlencode, "form": .form, "form-string": .literal,
        "upload-file": .path, "header": .atFile, "proxy-header": .atFile,
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
        func nextValue() -> String {
            defer { index += 1 }
            return index < arguments.count ? arguments[index] : ""
        }
        // The first refusal ends the reading: what follows may mean anything to curl.
        while index < arguments.count, refusal == nil {
            let argument = arguments[index]
            index += 1
            if afterTerminator || !argument.hasPrefix("-") {
                urls.append(argument)
            } else if argument == "--" {
                afterTerminator = true
            } else if argument.hasPrefix("--") {
                let name = String(argument.dropFirst(2))
                guard let kind = longOption(name) else { continue }
                note(kind, name: name.lowercased(), value: kind == .valued ? nextValue() : nil)
            } else {
                readShortCluster(argument, nextValue: nextValue)
            }
        }
    }

    /// `-sSd X`: letters that are flags, until one takes a value: the rest of the cluster, or the
    /// next argument.
    private mutating func readShortCluster(_ argument: String, nextValue: () -> String) {
        var letters = Substring(argument.dropFirst())
        guard !letters.isEmpty else {
            refuse("'-' alone is no curl option")
            return
        }
        while let letter = letters.first {
            letters = letters.dropFirst()
            guard let name = CurlOptionTable.shortOptions[letter], let kind = CurlOptionTable.kind(of: name) else {
                refuse("authhelper does not know curl's option '-\(printable(String(letter)))'")
                return
            }
            guard kind == .valued else {
                note(kind, name: name, value: nil)
                continue
            }
            note(kind, name: name, value: letters.isEmpty ? nextValue() : String(letters))
            return
        }
    }

    /// The kind of `--name`, or nil (after a refusal) for what curl might read otherwise.
    private mutating func longOption(_ name: String) -> CurlOptionKind? {
        if name.contains("=") {
            refuse(
                """
                '--\(printable(name))': give curl's option and its value as two arguments (--name value); curl before 8.16 reads no \
                --name=value
                """
            )
            return nil
        }
        let lowered = name.lowercased()
        if let kind = CurlOptionTable.kind(of: lowered) { return kind }
        // `--no-NAME` switches a boolean off (curl refuses it for an option with a value).
        if lowered.hasPrefix("no-"), let kind = CurlOptionTable.kind(of: String(lowered.dropFirst(3))), kind != .valued {
            return .flag
        }
        let expansions = CurlOptionTable.allNames.filter { $0.hasPrefix(lowered) }
        if expansions.count == 1, let whole = expansions.first {
            refuse("curl would read '--\(printable(name))' as --\(whole); write the whole option name")
        } else {
            refuse("authhelper does not know curl's option '--\(printable(name))', so it cannot tell what curl would send where")
        }
        return nil
    }

    private mutating func note(_ kind: CurlOptionKind, name: String, value: String?) {
        switch kind {
        case .refused(let reason): refuse(reason)
        case .informational: printsOnly = true
        case .flag:
            // `--no-NAME` is read as a flag too (longOption): it switches NAME off.
            switch name {
            case "location": followsRedirects = true
            case "no-location": followsRedirects = false
            case "head": head = true
            case "no-head": head = false
            case "get": get = true
            case "no-get": get = false
            default: break
            }
        case .valued:
            let value = value ?? ""
            if name == "url" { urls.append(value) }
            if name == "request" { requestMethod = value }
            if name == "upload-file" { upload = true }
            if Self.postingOptions.contains(name) { body = true }
            if let form = Self.bodyOptions[name] { bodySources.append(Self.source(of: value, form: form)) }
        }
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
