import TOMLKit

/// The parsed config file.
public struct Config: Sendable {
    public var defaultProfile: String?
    /// In file order.
    public var profiles: [Profile]

    public init(defaultProfile: String? = nil, profiles: [Profile] = []) {
        self.defaultProfile = defaultProfile
        self.profiles = profiles
    }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    public mutating func upsert(_ profile: Profile) {
        if let index = profiles.firstIndex(where: { $0.name == profile.name }) {
            profiles[index] = profile
        } else {
            profiles.append(profile)
        }
    }
}

/// Reads and writes the human-editable TOML config. Parsing uses TOMLKit (toml++); every problem
/// is reported as `config.toml:LINE: what is wrong` (exit 78), unknown keys as warnings.
public enum ConfigFile {
    public static let maxSize = 1 << 20

    /// Loads `path`; a missing file is an empty config.
    public static func load(_ path: String, diagnostics: Diagnostics) throws(AuthError) -> Config {
        switch SecureFiles.read(path, limit: maxSize, requirePrivate: false, followSymlink: true) {
        case .missing:
            return Config()
        case .untrusted(let reason):
            throw .configuration("\(path): \(reason).")
        case .contents(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .configuration("\(path): the file is not valid UTF-8.")
            }
            var warnings: [String] = []
            let config = try parse(text, path: path, warnings: &warnings)
            for warning in warnings { diagnostics.warning(warning) }
            return config
        }
    }

    /// Parses config text. `path` only names the file in messages. Profiles and warnings come in
    /// file order (TOMLKit's tables are sorted by key, so the source lines restore the order).
    public static func parse(_ text: String, path: String, warnings: inout [String]) throws(AuthError) -> Config {
        var found: [(line: Int, text: String)] = []
        var config = try parse(text, path: path, found: &found)
        found.sort { $0.line < $1.line }
        warnings += found.map(\.text)
        let lines = SourceLines(text)
        config.profiles.sort { lines.line(ofTable: ["profiles", $0.name]) < lines.line(ofTable: ["profiles", $1.name]) }
        return config
    }

    private static func parse(_ text: String, path: String, found warnings: inout [(line: Int, text: String)]) throws(AuthError) -> Config {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lines = SourceLines(text)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .configuration("\(name):\(error.source.begin.line): \(error.description)")
        } catch {
            throw .configuration("\(name): cannot parse the file.")
        }
        var config = Config()
        for key in root.keys {
            let line = lines.line(ofKey: key, inTable: [])
            guard let value = root[key] else { continue }
            switch key {
            case "default_profile":
                guard let profile = value.string else {
                    throw .configuration("\(name):\(line): default_profile must be a string.")
                }
                config.defaultProfile = profile
            case "profiles":
                guard let table = value.table else {
                    throw .configuration("\(name):\(line): profiles must be a table, such as [profiles.work].")
                }
                for profileName in table.keys {
                    guard let entry = table[profileName]?.table else {
                        throw .configuration("\(name):\(lines.line(ofKey: profileName, inTable: ["profiles"])): profiles.\(profileName) must be a table.")
                    }
                    config.profiles.append(try parseProfile(profileName, entry, file: name, lines: lines, warnings: &warnings))
                }
            default:
                warnings.append((line, "\(name):\(line): unknown key '\(printable(key))' ignored."))
            }
        }
        return config
    }

    private static func parseProfile(_ profileName: String, _ table: TOMLTable, file: String, lines: SourceLines,
                                     warnings: inout [(line: Int, text: String)]) throws(AuthError) -> Profile {
        let tablePath = ["profiles", profileName]
        let headerLine = lines.line(ofTable: tablePath)
        do {
            try Profile.validateName(profileName)
        } catch {
            throw .configuration("\(file):\(headerLine): \(error.message)")
        }
        func line(_ key: String) -> Int { lines.line(ofKey: key, inTable: tablePath) }
        func string(_ key: String) throws(AuthError) -> String? {
            guard let value = table[key] else { return nil }
            guard let s = value.string else { throw .configuration("\(file):\(line(key)): \(key) must be a string.") }
            return s
        }
        func bool(_ key: String) throws(AuthError) -> Bool? {
            guard let value = table[key] else { return nil }
            guard value.type == .bool, let b = value.bool else { throw .configuration("\(file):\(line(key)): \(key) must be true or false.") }
            return b
        }
        func int(_ key: String) throws(AuthError) -> Int? {
            guard let value = table[key] else { return nil }
            guard value.type == .int, let i = value.int else { throw .configuration("\(file):\(line(key)): \(key) must be a whole number.") }
            return i
        }
        let known: Set = ["server", "username", "client_id", "scope", "refresh", "store", "cache", "ca_file", "timeout", "allow_insecure_http"]
        for key in table.keys where !known.contains(key) {
            warnings.append((line(key), "\(file):\(line(key)): unknown key '\(printable(key))' in profile '\(profileName)' ignored."))
        }
        guard let serverText = try string("server") else {
            throw .configuration("\(file):\(headerLine): profile '\(profileName)' has no server.")
        }
        let server: ServerURL
        do {
            server = try ServerURL(parsing: serverText)
        } catch {
            throw .configuration("\(file):\(line("server")): \(error.message)")
        }
        guard let username = try string("username") else {
            throw .configuration("\(file):\(headerLine): profile '\(profileName)' has no username.")
        }
        do {
            try Profile.validateUsername(username)
        } catch {
            throw .configuration("\(file):\(line("username")): \(error.message)")
        }
        var refresh = RefreshEndpoint.refresh
        if let text = try string("refresh") {
            guard let value = RefreshEndpoint(rawValue: text) else {
                throw .configuration("\(file):\(line("refresh")): refresh must be \"refresh\" or \"postman-refresh\", not \"\(printable(text))\".")
            }
            refresh = value
        }
        var store = StoreKind.keyring
        if let text = try string("store") {
            guard let value = StoreKind(rawValue: text) else {
                throw .configuration("\(file):\(line("store")): store must be \"keyring\" or \"file\", not \"\(printable(text))\".")
            }
            store = value
        }
        let timeout = try int("timeout") ?? Profile.defaultTimeout
        guard (1...3600).contains(timeout) else {
            throw .configuration("\(file):\(line("timeout")): timeout must be between 1 and 3600 seconds.")
        }
        let clientID = try string("client_id")
        let scope = try string("scope")
        return Profile(
            name: profileName, server: server, username: username,
            clientID: clientID?.isEmpty == true ? nil : clientID,
            scope: scope?.isEmpty == true ? nil : scope,
            refreshEndpoint: refresh, store: store, cache: try bool("cache") ?? true,
            caFile: try string("ca_file"), timeout: timeout,
            allowInsecureHTTP: try bool("allow_insecure_http") ?? false)
    }

    /// The file as authhelper writes it: a comment header, the default, then one table per profile.
    /// Only non-default optional settings are written, so the file stays short and readable.
    public static func render(_ config: Config) -> String {
        var out = "# authhelper configuration: profiles only, never a secret (those live in the keyring).\n"
        out += "# See authhelper.toml(5). authhelper rewrites this file on login.\n"
        if let defaultProfile = config.defaultProfile {
            out += "\ndefault_profile = \(quote(defaultProfile))\n"
        }
        for profile in config.profiles {
            out += "\n[profiles.\(quoteKey(profile.name))]\n"
            out += "server = \(quote(profile.server.description))\n"
            out += "username = \(quote(profile.username))\n"
            if let clientID = profile.clientID { out += "client_id = \(quote(clientID))\n" }
            if let scope = profile.scope { out += "scope = \(quote(scope))\n" }
            if profile.refreshEndpoint != .refresh { out += "refresh = \(quote(profile.refreshEndpoint.rawValue))\n" }
            if profile.store != .keyring { out += "store = \(quote(profile.store.rawValue))\n" }
            if !profile.cache { out += "cache = false\n" }
            if let caFile = profile.caFile { out += "ca_file = \(quote(caFile))\n" }
            if profile.timeout != Profile.defaultTimeout { out += "timeout = \(profile.timeout)\n" }
            if profile.allowInsecureHTTP { out += "allow_insecure_http = true\n" }
        }
        return out
    }

    /// Writes the config 0600 in a 0700 folder, atomically.
    public static func save(_ config: Config, to path: String) throws(AuthError) {
        try SecureFiles.ensurePrivateDirectory(SecureFiles.parentOf(path))
        try SecureFiles.writeAtomically(path, Array(render(config).utf8), durable: true)
    }

    static func quote(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func quoteKey(_ key: String) -> String {
        let bare = key.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
        }
        return bare && !key.isEmpty ? key : quote(key)
    }
}

/// Finds the line of a key for messages; TOMLKit reports positions only for syntax errors.
/// Understands the plain layouts people write (`[a.b]` headers, `key = value`); anything fancier
/// falls back to the table header's line, or line 1.
struct SourceLines {
    private var entries: [(line: Int, table: [String], key: String?)] = []

    init(_ text: String) {
        var table: [String] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.trimmingSpaces()
            if line.hasPrefix("[") && !line.hasPrefix("[[") {
                let inner = line.dropFirst().prefix { $0 != "]" }
                table = inner.split(separator: ".").map { SourceLines.unquote($0.trimmingSpaces()) }
                entries.append((number, table, nil))
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = SourceLines.unquote(line[..<eq].trimmingSpaces())
                entries.append((number, table, key))
            }
        }
    }

    private static func unquote(_ s: Substring) -> String {
        if s.count >= 2, (s.hasPrefix("\"") && s.hasSuffix("\"")) || (s.hasPrefix("'") && s.hasSuffix("'")) {
            return String(s.dropFirst().dropLast())
        }
        return String(s)
    }

    func line(ofKey key: String, inTable table: [String]) -> Int {
        if let entry = entries.first(where: { $0.table == table && $0.key == key }) { return entry.line }
        if let entry = entries.first(where: { $0.key == nil && $0.table == table + [key] }) { return entry.line }
        return line(ofTable: table)
    }

    func line(ofTable table: [String]) -> Int {
        entries.first(where: { $0.key == nil && $0.table == table })?.line ?? 1
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" || first == "\r" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return s
    }
}
