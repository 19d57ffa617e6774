/// The rule for a profile's name, written once: the front, the config reader and the commands
/// all check it here. A name must be able to name a file in the runtime folder (the cache entry
/// `<profile>`, the lock `<profile>.lock`) without ever meaning another one.
public enum ProfileName {
    /// 1 to 64 letters, digits, '-', '_' or '.', not starting with '.', not a lock file's or the
    /// agent socket's name.
    public static func isValid(_ name: String) -> Bool {
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
        }
        return !name.isEmpty && name.utf8.count <= 64 && allowed && !name.hasPrefix(".") && !name.hasSuffix(".lock")
            && name != RuntimeFolder.agentSocketName
    }

    public static func validate(_ name: String) throws(AuthError) {
        guard isValid(name) else {
            throw .usage(
                "The profile name '\(printable(name))' is not valid: use 1 to 64 letters, digits, '-', '_' or '.', not starting with '.'.")
        }
    }
}
