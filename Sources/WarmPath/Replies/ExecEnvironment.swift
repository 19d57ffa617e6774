#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// `authhelper exec`'s environment, written once for the front and authhelper-full: which
/// variables hold the token, what a variable name may be, how the program replaces this process,
/// and what a program that cannot start exits with.
public enum ExecEnvironment {
    /// The variable for the token unless `--env` names another.
    public static let defaultTokenVariable = "AUTHHELPER_TOKEN"
    /// `--token-file`: the variable that holds the token file's path.
    public static let tokenFileVariable = "AUTHHELPER_TOKEN_FILE"

    /// Letters, digits and '_', not starting with a digit: what a shell accepts as a name.
    public static func isVariableName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func isLetter(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == UInt8(ascii: "_") }
        guard let first = bytes.first, isLetter(first) else { return false }
        return bytes.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) }
    }

    /// How a program that could not be started ends, as a shell says it: 127 when it is not
    /// found, 126 when it cannot be run.
    public static func failedStart(_ command: String, errno code: Int32) -> (status: Int32, message: String) {
        let reason = String(cString: strerror(code))
        return code == ENOENT
            ? (127, "\(printable(command)): command not found")
            : (126, "\(printable(command)): cannot run it (\(reason))")
    }

    /// Puts the token in the environment (replacing any earlier value) and replaces this process
    /// with `command`, looked up on the PATH the program will see — as a shell runs
    /// `PATH=… program` — so `--env PATH` is the same in every program that runs it. Returns only
    /// when the program cannot be started, with the shell's status and the message to show.
    public static func replaceProcess(with command: [String], tokenVariable: String, headerVariable: String?, accessToken: String)
        -> (status: Int32, message: String)
    {
        setenv(tokenVariable, accessToken, 1)
        if let headerVariable { setenv(headerVariable, TokenProduct.header.text(for: accessToken), 1) }
        // The program's arguments byte for byte as authhelper got them (ProcessArguments).
        var argv = ProcessArguments.cStrings(for: command)
        execvp(argv[0]!, &argv)
        let failed = failedStart(command[0], errno: errno)
        for pointer in argv { free(pointer) }
        return failed
    }
}
