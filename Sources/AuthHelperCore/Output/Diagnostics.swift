import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Writes to stderr. Every message passes through redaction of the tokens the process has seen,
/// as a second line of defence behind never formatting a secret into a message at all.
public final class Diagnostics: Sendable {
    public let verbose: Bool
    /// Libsecret's watchdog thread may report while the main thread logs.
    private let secrets = Mutex<[String]>([])

    public init(verbose: Bool) { self.verbose = verbose }

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
        Diagnostics.writeStderr("authhelper: " + redact(message()) + "\n")
    }

    public func warning(_ message: String) {
        Diagnostics.writeStderr("authhelper: warning: " + redact(message) + "\n")
    }

    public func info(_ message: String) {
        Diagnostics.writeStderr("authhelper: " + redact(message) + "\n")
    }

    public func error(_ message: String) {
        StandardError.error(redact(message))
    }

    /// Every message to stderr passes here: through the one printable filter (StandardError).
    public static func writeStderr(_ text: String) { StandardError.write(text) }
}
