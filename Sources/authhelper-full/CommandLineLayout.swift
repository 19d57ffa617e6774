import AuthHelperCore

/// Puts global options where every later reader expects them: options typed before the command
/// name (`authhelper --profile work header`, as with git, kubectl, gh and docker) move to just
/// after it (`authhelper header --profile work`). The fast path, `curl`'s split and ArgumentParser
/// then see one layout. An option given twice with different values is a usage error: which one
/// was meant cannot be guessed.
enum CommandLineLayout {
    struct Conflict: Error {
        let message: String
    }

    /// - Parameter arguments: the whole argv, the program name first.
    static func normalized(_ arguments: [String]) throws(Conflict) -> [String] {
        var leading: [String] = []
        var index = 1
        while index < arguments.count, let occurrence = GlobalOptionTable.entries.occurrence(in: arguments, at: index) {
            leading += arguments[index..<(index + occurrence.width)]
            index += occurrence.width
        }
        guard index < arguments.count else { return arguments }  // no command: ArgumentParser answers
        let command = arguments[index]
        let layout = [arguments[0], command] + leading + arguments[(index + 1)...]
        try checkNoConflicts(Array(layout.dropFirst(2)), command: command)
        return layout
    }

    /// Looks through authhelper's own arguments (before `--`; for `curl` and `exec`, before the
    /// first argument that is the other program's) for one global option given twice with different values.
    private static func checkNoConflicts(_ arguments: [String], command: String) throws(Conflict) {
        var seen: [String: String] = [:]
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            guard let occurrence = GlobalOptionTable.entries.occurrence(in: arguments, at: index) else {
                if let passthrough = PassthroughArguments.commands[command] {
                    guard let own = passthrough.ownOptions.occurrence(in: arguments, at: index) else { return }
                    index += own.width
                } else {
                    index += 1
                }
                continue
            }
            let value = occurrence.value ?? "set"
            if let earlier = seen[occurrence.spec.key], earlier != value {
                throw Conflict(
                    message: "\(occurrence.spec.key) is given twice, as '\(printable(earlier))' and '\(printable(value))'; give it once.")
            }
            seen[occurrence.spec.key] = value
            index += occurrence.width
        }
    }
}
