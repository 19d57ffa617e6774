#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// This process's argv as the kernel gave it: bytes, not Strings. Swift's Strings repair bytes
/// that are not UTF-8 (U+FFFD), so a program `exec` starts would otherwise run with other
/// arguments than it was given (a Latin-1 file name, a binary argument). The front and
/// authhelper-full parse Strings; what they hand on to a program is these bytes.
public enum ProcessArguments {
    /// argv, nil-terminated, as `execv` takes it.
    public static var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        #if hasFeature(Embedded)
            cposix_argv()
        #else
            CommandLine.unsafeArgv
        #endif
    }

    public static var count: Int {
        #if hasFeature(Embedded)
            Int(cposix_argc())
        #else
            Int(CommandLine.argc)
        #endif
    }

    /// argv as Strings (what the parsers read).
    public static var strings: [String] { (0..<count).map { String(cString: vector[$0]!) } }

    /// `command` (the program and its arguments, parsed from argv as Strings) as C strings to
    /// exec, nil-terminated, the caller frees them: the very bytes of argv's tail where that tail
    /// reads as `command` (it always does when authhelper was run with them), else `command`'s
    /// UTF-8 (a command that did not come from argv).
    public static func cStrings(for command: [String]) -> [UnsafeMutablePointer<CChar>?] {
        let all = vector
        let first = count - command.count
        let fromArgv = first >= 0 && command.indices.allSatisfy { String(cString: all[first + $0]!) == command[$0] }
        var result = command.indices.map { fromArgv ? strdup(all[first + $0]!) : strdup(command[$0]) }
        result.append(nil)
        return result
    }
}
