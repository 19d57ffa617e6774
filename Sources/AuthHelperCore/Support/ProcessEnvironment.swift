#if canImport(Glibc)
    import Glibc
#endif

/// The process environment as a value, so the core can be driven with a different one in tests.
public struct ProcessEnvironment: Sendable {
    public var variables: [String: String]

    public init(variables: [String: String]) { self.variables = variables }

    /// The real environment of this process.
    public static func current() -> ProcessEnvironment {
        var variables: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                variables[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return ProcessEnvironment(variables: variables)
    }

    /// A value, or nil when unset or empty (an empty XDG variable means "unset" per the spec).
    public subscript(name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
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
