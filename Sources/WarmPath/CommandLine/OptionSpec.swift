/// One option's spellings and whether it takes a value, for the places that must recognise
/// options before ArgumentParser runs (the fast path, the move of global options, `curl`'s split).
public struct OptionSpec: Equatable, Sendable {
    /// Every spelling: `--profile`, or `-v` and `--verbose`.
    public let names: [String]
    public let takesValue: Bool

    public init(names: [String], takesValue: Bool) {
        self.names = names
        self.takesValue = takesValue
    }

    /// The name used to compare two occurrences (`-v` and `--verbose` are one option).
    public var key: String { names.last! }

    /// One occurrence on a command line.
    public struct Occurrence: Equatable, Sendable {
        public let spec: OptionSpec
        /// The value, or nil for a flag.
        public let value: String?
        /// How many arguments it took (`--profile work` 2, `--profile=work` and `-v` 1).
        public let width: Int
    }

    /// This option, if it starts at `arguments[index]`. A valued option without its value does
    /// not match; ArgumentParser then reports it.
    public func occurrence(in arguments: [String], at index: Int) -> Occurrence? {
        let argument = arguments[index]
        if names.contains(argument) {
            guard takesValue else { return Occurrence(spec: self, value: nil, width: 1) }
            guard index + 1 < arguments.count else { return nil }
            return Occurrence(spec: self, value: arguments[index + 1], width: 2)
        }
        if takesValue, let eq = argument.firstIndex(of: "="), names.contains(String(argument[..<eq])) {
            return Occurrence(spec: self, value: String(argument[argument.index(after: eq)...]), width: 1)
        }
        return nil
    }
}

extension Array where Element == OptionSpec {
    /// The first of these options that starts at `arguments[index]`.
    public func occurrence(in arguments: [String], at index: Int) -> OptionSpec.Occurrence? {
        lazy.compactMap { $0.occurrence(in: arguments, at: index) }.first
    }
}
