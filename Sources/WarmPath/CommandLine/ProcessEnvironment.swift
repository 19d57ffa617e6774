#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// The process environment as a value, so the core can be driven with a different one in tests.
///
/// The process's own environment is read with getenv when a variable is asked for, not copied
/// into a dictionary at start: the front asks for five variables, and building the dictionary
/// was half of its instructions (callgrind: 364k of 808k).
public struct ProcessEnvironment: Sendable {
    /// nil: this process's environment.
    private let variables: [String: String]?

    public init(variables: [String: String]) { self.variables = variables }

    private init() { self.variables = nil }

    /// The real environment of this process.
    public static func current() -> ProcessEnvironment { ProcessEnvironment() }

    /// A value, or nil when unset or empty (an empty XDG variable means "unset" per the spec).
    public subscript(name: String) -> String? {
        let value = variables.map { $0[name] } ?? getenv(name).map { String(cString: $0) }
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// True for 1/true/yes/on, case-insensitively.
    public func flag(_ name: String) -> Bool {
        guard let value = self[name]?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(value)
    }

    public var home: String {
        if let home = self["HOME"] { return home }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// Absolute XDG base folder, falling back as the XDG Base Directory spec says.
    public func xdg(_ name: String, default relative: String) -> String {
        if let value = self[name], value.hasPrefix("/"), !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return value
        }
        return home + "/" + relative
    }
}
