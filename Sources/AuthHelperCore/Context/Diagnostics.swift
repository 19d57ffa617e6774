import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where messages for the person go: the process's stderr, or (in unit tests) a recorder.
public protocol MessageSink: Sendable {
    /// Writes `text` as it is (StandardError's printable filter applies on the way out).
    func write(_ text: String)
}

/// File descriptor 2, through StandardError's printable filter.
public struct StandardErrorSink: MessageSink {
    public init() {}
    public func write(_ text: String) { StandardError.write(text) }
}

/// Writes the messages of a command to its sink (stderr). Every message passes through redaction
/// of the tokens the process has seen, as a second line of defence behind never formatting a
/// secret into a message at all.
public final class Diagnostics: Sendable {
    public let verbose: Bool
    /// stderr, carried like stdin and stdout: a unit test reads what a command told the person.
    public let sink: any MessageSink
    /// Libsecret's watchdog thread may report while the main thread logs.
    private let secrets = Mutex<[String]>([])

    public init(verbose: Bool, sink: any MessageSink = StandardErrorSink()) {
        self.verbose = verbose
        self.sink = sink
    }

    /// Registers a token that must never reach stderr. Only token-shaped values (long, varied)
    /// are redacted: replacing an ordinary word wherever it appears would tell a reader that the
    /// word is a secret, and mask the message's own words.
    public func registerToken(_ value: String) {
        guard Self.isTokenShaped(value) else { return }
        secrets.withLock { secrets in if !secrets.contains(value) { secrets.append(value) } }
    }

    /// At least 16 characters, and at least 8 different ones: what a bearer or refresh token is,
    /// and what a word is not.
    public static func isTokenShaped(_ value: String) -> Bool {
        value.unicodeScalars.count >= 16 && Set(value.unicodeScalars).count >= 8
    }

    public func redact(_ message: String) -> String {
        secrets.withLock { secrets in
            var text = message
            for secret in secrets where text.contains(secret) {
                text = text.replacing(secret, with: "[redacted]")
            }
            return text
        }
    }

    /// Diagnostics for `-v`: what the tool does, never a secret.
    public func debug(_ message: @autoclosure () -> String) {
        guard verbose else { return }
        sink.write("authhelper: " + redact(message()) + "\n")
    }

    public func warning(_ message: String) {
        sink.write("authhelper: warning: " + redact(message) + "\n")
    }

    public func info(_ message: String) {
        sink.write("authhelper: " + redact(message) + "\n")
    }

    public func error(_ message: String) {
        sink.write(StandardError.errorPrefix + redact(message) + "\n")
    }

    /// Text of the command's own making (a notice, the agent's log line), unredacted.
    public func write(_ text: String) { sink.write(text) }
}
