#if canImport(Glibc)
    import Glibc
#endif

/// A writer killed between the steps of `SecureFiles.writeAtomically` (after its temporary file
/// was made, before the rename) leaves `NAME.tmp-PID-RANDOM` beside the file: never read, but
/// the file store's holds a session, and they would pile up. The next durable write of the file
/// removes those whose writer is gone; one whose writer still runs is another write under way.
enum AbandonedWrites {
    /// Removes the temporary files of `path` that a writer which no longer runs left; best effort.
    static func remove(besides path: String) {
        let folder = SecureFiles.parentOf(path)
        let prefix = String(path.dropFirst(folder.count + 1)) + ".tmp-"
        for name in (try? SecureFiles.listDirectory(folder)) ?? [] where name.hasPrefix(prefix) {
            guard let writer = writer(in: name.dropFirst(prefix.count)), kill(writer, 0) != 0, errno == ESRCH else { continue }
            try? SecureFiles.remove(folder + "/" + name)
        }
    }

    /// The pid in `PID-RANDOM`.
    private static func writer(in suffix: Substring) -> pid_t? {
        guard let dash = suffix.firstIndex(of: "-"), let pid = pid_t(suffix[..<dash]), pid > 0 else { return nil }
        return pid
    }
}
