#if hasFeature(Embedded)
    import CPosix
#elseif canImport(Glibc)
    import Glibc
#endif

/// Where authhelper's files live, from the environment (XDG Base Directory spec) and flags.
public struct Paths: Sendable {
    /// The config file: `--config`, else `AUTHHELPER_CONFIG`, else `$XDG_CONFIG_HOME/authhelper/config.toml`.
    public let configFile: String
    /// `$XDG_RUNTIME_DIR/authhelper`, or nil without a usable runtime folder.
    public let runtimeDirectory: String?
    /// Why there is none, when `$XDG_RUNTIME_DIR` is set: it names no folder of this user (an
    /// account without a login session, where `/run/user/UID` was never made).
    public let runtimeDirectoryProblem: String?
    /// The problem is `$XDG_RUNTIME_DIR/authhelper` itself (others may write in it, or it is no
    /// folder of this user's): removing it is the fix.
    public let runtimeDirectoryIsUntrusted: Bool
    /// `$XDG_STATE_HOME/authhelper`: the opted-in file store, the kernel store's sealed sessions,
    /// and locks without a runtime folder.
    public let stateDirectory: String

    public init(environment: ProcessEnvironment, configOverride: String?) {
        configFile =
            configOverride ?? environment["AUTHHELPER_CONFIG"]
            ?? environment.xdg("XDG_CONFIG_HOME", default: ".config") + "/authhelper/config.toml"
        // A control character in the path (a newline, say) has no business there and would
        // travel into curl's config and messages: such a folder is not usable.
        // A folder that is not there or not this user's (the XDG spec: it must be the user's) is
        // no runtime folder: every call goes to the store, as without the variable, instead of
        // failing to make it (`su`, `runuser` and services have no /run/user/UID).
        var folder: String?
        var problem: String?
        var untrusted = false
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/"),
            !runtime.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        {
            var st = stat()
            if stat(runtime, &st) != 0 {
                problem = "$XDG_RUNTIME_DIR is \(runtime), which does not exist"
            } else if (st.st_mode & S_IFMT) != S_IFDIR || st.st_uid != getuid() {
                problem = "$XDG_RUNTIME_DIR is \(runtime), which is not a folder of yours"
            } else {
                (folder, problem) = Self.trustedFolder(runtime + "/authhelper")
                untrusted = folder == nil
            }
        }
        runtimeDirectory = folder
        runtimeDirectoryProblem = problem
        runtimeDirectoryIsUntrusted = untrusted
        stateDirectory = environment.xdg("XDG_STATE_HOME", default: ".local/state") + "/authhelper"
    }

    /// `$XDG_RUNTIME_DIR/authhelper` if nobody else can change what is in it: missing (the first
    /// writer makes it 0700), or a real folder of this user's that no other user may write in.
    /// Another user who can write there could rename one profile's entry to another's name, or a
    /// DPoP-bound entry to a bare one; such a folder is not used at all (every call goes to the
    /// store, as without a runtime folder) until it is removed. A folder only others may read is
    /// still used: its entries are 0600, and the next writer tightens it (SecureFiles).
    private static func trustedFolder(_ path: String) -> (folder: String?, problem: String?) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return (path, nil) }
        guard (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid() else {
            return (nil, "\(path) is a symlink, a file or another user's folder, not a folder of yours")
        }
        guard st.st_mode & 0o022 == 0 else {
            return (nil, "other users may write in \(path) (mode \(String(st.st_mode & 0o777, radix: 8))), so nothing in it is trusted")
        }
        return (path, nil)
    }

    /// The runtime folder's files, each named once (RuntimeFolder), with the state folder for
    /// locks and scratch files where there is no runtime folder.
    public var runtimeFolder: RuntimeFolder { RuntimeFolder(path: runtimeDirectory, work: runtimeDirectory ?? stateDirectory) }

    /// A profile's session sealed under its kernel key; `key` tells that key's files apart.
    public func sealedSessionFile(profile: String, key: String) -> String { "\(stateDirectory)/\(profile).kernel-\(key).sealed" }

    /// The opted-in, unencrypted secret file of a profile.
    public func secretFile(profile: String) -> String { "\(stateDirectory)/\(profile).secret.json" }
}
