#if canImport(Glibc)
import Glibc
#endif

/// Writes to stderr. Every message passes through redaction of the secret values the process has
/// seen, as a second line of defence behind never formatting a secret into a message at all.
public final class Diagnostics: @unchecked Sendable {
    public let verbose: Bool
    private var secrets: [String] = []
    private let lock = Mutex()

    public init(verbose: Bool) { self.verbose = verbose }

    /// Registers a value that must never reach stderr.
    public func registerSecret(_ value: String) {
        guard value.count >= 4 else { return }
        lock.withLock { if !secrets.contains(value) { secrets.append(value) } }
    }

    public func redact(_ message: String) -> String {
        lock.withLock {
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
        Diagnostics.writeStderr("authhelper: error: " + redact(message) + "\n")
    }

    public static func writeStderr(_ text: String) {
        FileDescriptorIO.writeAll(2, Array(text.utf8))
    }
}

/// A pthread mutex; the core runs on plain threads only where libsecret's watchdog needs one.
final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

