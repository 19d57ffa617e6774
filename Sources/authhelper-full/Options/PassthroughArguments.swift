import ArgumentParser
import AuthHelperCore

/// The commands that hand the rest of the command line to another program (`curl` to curl,
/// `exec` to the program it runs): authhelper's own options come first, then `--` or the first
/// argument authhelper does not know. The parser is shown an explicit `--` there, so an option
/// the other program shares with authhelper (`-v`, `--help`) is the other program's after it.
enum PassthroughArguments {
    /// The commands that pass arguments on, by name.
    static let commands: [String: any PassthroughCommand.Type] = ["curl": Curl.self, "exec": Exec.self, "ssh": SSH.self]

    static func separating(_ arguments: [String], own: [OptionSpec]) -> [String] {
        let known = GlobalOptionTable.entries + own
        var index = 0
        while index < arguments.count {
            if arguments[index] == "--" { return arguments }
            guard let occurrence = known.occurrence(in: arguments, at: index) else { break }
            index += occurrence.width
        }
        guard index < arguments.count else { return arguments }
        return Array(arguments[..<index]) + ["--"] + arguments[index...]
    }
}

/// A command that hands the rest of its command line to another program.
protocol PassthroughCommand: ParsableCommand {
    /// Its own options besides the global ones (GlobalOptionTable).
    static var ownOptions: [OptionSpec] { get }
}
