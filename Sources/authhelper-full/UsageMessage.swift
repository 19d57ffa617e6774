import ArgumentParser
import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

/// The one place ArgumentParser's messages are printed, and what they may not repeat.
///
/// ArgumentParser quotes what was typed: `--with-client-secret=SECRET` gets "The option
/// '--with-client-secret' does not take any value, but 'SECRET' was specified", and an unknown
/// `--client-secret=SECRET` is "Unknown option '--client-secret=SECRET'" — a secret copied from
/// argv into a terminal's scrollback and a CI log. So before a message is printed, the value given
/// to an option that takes none, and the value of any option whose name says it carries a secret
/// (password, passwd, secret; known or not, `--name=value` or `--name value`), are cut out. Every
/// other offending value, such as a bad `--method`, is still named, as the error style asks.
enum UsageMessage {
    /// What an option's name says it carries: its value is never repeated.
    static let secretWords = ["password", "passwd", "secret"]

    /// ArgumentParser's message for `error`, printed where it belongs (help on stdout, the rest on
    /// stderr) without a value it may not repeat; then the exit with ArgumentParser's status.
    static func exit(with error: Error, command: ParsableCommand.Type, arguments: [String]) -> Never {
        let code = command.exitCode(for: error)
        let message = shown(command.fullMessage(for: error), arguments: arguments)
        if code == .success {
            if !message.isEmpty { _ = writeProduct(message + "\n") }
        } else if !message.isEmpty {
            StandardError.write(message + "\n")
        }
        Glibc.exit(code.rawValue)
    }

    /// `message` without the values of `arguments` it may not repeat.
    static func shown(_ message: String, arguments: [String]) -> String {
        var message = message
        // Where ArgumentParser quotes a value: 'VALUE', or the end of '--name=VALUE' (never a
        // bare search, which would cut a short value out of the sentence's own words).
        for value in hiddenValues(in: message, arguments: arguments) where !value.isEmpty {
            message = message.replacing("'\(value)'", with: "'[not shown]'").replacing("=\(value)'", with: "=[not shown]'")
        }
        return message
    }

    /// The values to cut: each `--name=value` or `--name value` whose name carries a secret, and
    /// each `--name=value` the message says was given to an option that takes no value.
    static func hiddenValues(in message: String, arguments: [String]) -> [String] {
        var values: [String] = []
        for (index, argument) in arguments.enumerated() where argument.hasPrefix("-") {
            if argument == "--" { break }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = parts[0].lowercased()
            let value = parts.count == 2 ? parts[1] : nil
            if secretWords.contains(where: { name.contains($0) }) {
                if let value {
                    values.append(value)
                } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") {
                    values.append(arguments[index + 1])
                }
            } else if let value, message.contains("'\(parts[0])' does not take any value") {
                values.append(value)
            }
        }
        // Longest first: a value that contains another is cut whole.
        return values.sorted { $0.count > $1.count }
    }
}
