import ArgumentParser
import AuthHelperCore

/// Runs a command body: an AuthError becomes one line on stderr and the contract's exit status.
func runReportingErrors(_ context: AuthContext, _ body: () throws(AuthError) -> Void) throws {
    do {
        try body()
    } catch {
        context.diagnostics.error(error.message)
        throw ExitCode(error.exitCode)
    }
}

/// stdout is the command's product only. Returns false when it could not be written whole.
@discardableResult
func writeProduct(_ text: String) -> Bool {
    FileDescriptorIO.writeAll(1, Array(text.utf8))
}

/// Writes the product, or fails with status 1 (the contract's "anything else"): a caller reading
/// a closed or full stdout must not take silence for success.
func writeProductOrFail(_ text: String) throws(AuthError) {
    guard writeProduct(text) else {
        throw .failure("Cannot write to standard output: \(SecureFiles.errnoText()).")
    }
}
