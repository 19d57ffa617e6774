#if canImport(Glibc)
    import Glibc
#endif

/// Who can be asked something during a call: the one policy from what a caller's protocol says
/// about its person to whether authhelper may prompt (a re-login, the keyring's unlock dialog).
/// Each integration names its case here instead of deciding on its own.
public enum Attendance: Sendable, Equatable {
    /// A person at the terminal: a prompt on /dev/tty, a browser to open, a device code to read.
    case terminal
    /// Nobody: a tool runs its helper with pipes (cargo, Go, Terraform, pip and uv, MCP clients),
    /// git says so (`GIT_TERMINAL_PROMPT=0`), kubectl says so, the agent serves a remote.
    case nobody

    /// The container tools run their helper with pipes: a person only where stdin and stderr are
    /// both a terminal (someone ran the helper by hand).
    public static var containerTool: Attendance { isatty(0) == 1 && isatty(2) == 1 ? .terminal : .nobody }

    /// git: `GIT_TERMINAL_PROMPT=0` says nobody is there to answer (git's own prompts obey it too).
    public static func git(_ environment: ProcessEnvironment) -> Attendance {
        environment["GIT_TERMINAL_PROMPT"] == "0" ? .nobody : .terminal
    }

    /// kubectl's `spec.interactive`: without it, nobody is asked.
    public static func kubectl(interactive: Bool) -> Attendance { interactive ? .terminal : .nobody }
}

extension AuthContext {
    /// This context as `attendance` allows: unchanged for a person at the terminal, without any
    /// prompt for nobody.
    public func attended(by attendance: Attendance) -> AuthContext {
        switch attendance {
        case .terminal: self
        case .nobody: withoutPrompts
        }
    }
}
