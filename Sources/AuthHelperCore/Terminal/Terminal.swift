#if canImport(Glibc)
    import Glibc
#endif

/// Asks the person at the terminal: prompts go to `/dev/tty`, never to stdout (the product) —
/// so `$(authhelper header)` can still ask for a password.
public protocol Prompter: Sendable {
    /// Whether a terminal is there to ask.
    var isInteractive: Bool { get }
    /// One line of input; with `secret`, echo is off.
    func ask(_ prompt: String, secret: Bool) throws(AuthError) -> String
    /// Shows the person what to do (a device code, a URL to open): on the terminal, or on stderr
    /// where there is none — never on stdout, which carries the product.
    func tell(_ text: String)
}

public struct TerminalPrompter: Prompter {
    public init() {}

    public var isInteractive: Bool {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    public func tell(_ text: String) {
        let fd = open("/dev/tty", O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return StandardError.write(text) }
        defer { close(fd) }
        FileDescriptorIO.writeAll(fd, Array(printableLines(text).utf8))
    }

    public func ask(_ prompt: String, secret: Bool) throws(AuthError) -> String {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            throw .usage(
                "No terminal to ask on (\(SecureFiles.errnoText())); give the value as a flag, or the password with --password-stdin.")
        }
        defer { close(fd) }
        FileDescriptorIO.writeAll(fd, Array(prompt.utf8))
        var saved = termios()
        let hasTermios = tcgetattr(fd, &saved) == 0
        if secret, hasTermios {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ECHONL)
            tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if secret, hasTermios { tcsetattr(fd, TCSAFLUSH, &saved) }
        }
        guard let line = LineReader.readLine(fd: fd) else {
            throw .usage("No answer was given on the terminal.")
        }
        return line
    }
}
