import ArgumentParser
import AuthHelperCore

/// What a person mistyped, answered with the one fix before ArgumentParser's generic usage error:
/// a command that is one or two letters off ("Did you mean 'status'?"), and the options people
/// bring from `docker login` (`-u`, `-p`, `--password`), which authhelper spells otherwise or
/// refuses on purpose.
enum CommandLineAdvice {
    /// The sentence for `arguments` (argv after normalization: program, command, …), or nil.
    static func advice(for arguments: [String]) -> String? {
        guard arguments.count > 1 else { return nil }
        let command = arguments[1]
        let names = AuthHelper.configuration.subcommands.compactMap { $0.configuration.commandName ?? defaultName(of: $0) }
        if !command.hasPrefix("-"), !names.contains(command), !["help"].contains(command) {
            guard let nearest = NearestWord.nearest(to: command, in: names) else {
                return "'\(printable(command))' is not an authhelper command; `authhelper --help` lists them."
            }
            return "'\(printable(command))' is not an authhelper command. Did you mean '\(nearest)'?"
        }
        guard command == "login" else { return nil }
        // Every such pointer in one message: a newcomer who fixes the first should not meet the next.
        let own = arguments.dropFirst(2).prefix { $0 != "--" }
        var pointers: [String] = []
        if own.contains(where: { $0 == "-u" || $0.hasPrefix("-u=") }) {
            pointers.append("login takes the user name as --username NAME (not -u).")
        }
        if own.contains(where: { $0 == "-p" || $0 == "--password" || $0.hasPrefix("--password=") || $0.hasPrefix("-p=") }) {
            pointers.append(
                """
                authhelper never takes a password as an option (every user could read it in `ps`): let login ask for it, or give \
                --password-stdin and the password on standard input, as `docker login` does.
                """)
        }
        return pointers.isEmpty ? nil : pointers.joined(separator: " ")
    }

    private static func defaultName(of command: any ParsableCommand.Type) -> String {
        String(describing: command).lowercased()
    }
}
