import Foundation
import XCTest

/// A throwaway user session: its own HOME and XDG folders, a private D-Bus session bus and an
/// unlocked gnome-keyring-daemon on it. A person's real keyring is never touched: the bus
/// address points into this sandbox's temporary folder.
final class KeyringSession {
    let root: URL
    let home: String
    let runtimeDirectory: String
    let busAddress: String
    private var dbus: RunningProcess?
    private var keyring: RunningProcess?

    /// Environment for processes of this session (nothing inherited but PATH and LANG).
    var environment: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": home,
            "XDG_CONFIG_HOME": root.path + "/config",
            "XDG_DATA_HOME": root.path + "/data",
            "XDG_STATE_HOME": root.path + "/state",
            "XDG_CACHE_HOME": root.path + "/cache",
            "XDG_RUNTIME_DIR": runtimeDirectory,
            "DBUS_SESSION_BUS_ADDRESS": busAddress,
        ]
    }

    var configFile: String { root.path + "/config/authhelper/config.toml" }

    /// The private-keyring bootstrap the demo and the benchmark use too.
    static let bootstrap = repositoryRoot + "/scripts/private-keyring"
    var cacheDirectory: String { runtimeDirectory + "/authhelper" }

    /// Which program answers as the Secret Service.
    enum Provider {
        case gnomeKeyring
        /// KeePassXC with a throwaway database whose root group is exposed (scripts/private-keyring).
        case keepassxc
    }

    let provider: Provider

    /// - Parameter withKeyring: false leaves the bus without a Secret Service (and without
    ///   D-Bus activation of one), as on a headless box.
    init(withKeyring: Bool = true, provider: Provider = .gnomeKeyring) throws {
        self.provider = provider
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ah-session-\(UUID().uuidString.prefix(8))")
        home = root.path + "/home"
        runtimeDirectory = root.path + "/run"
        for dir in [home, runtimeDirectory, root.path + "/data", root.path + "/config", root.path + "/state"] {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        let socket = root.path + "/bus"
        busAddress = "unix:path=\(socket)"
        guard withKeyring else { return }
        // scripts/private-keyring (shared with the demo and the benchmark) becomes the bus
        // daemon, without service activation: nobody can start a second, locked keyring.
        dbus = try ProcessRunner.start("/bin/bash", [Self.bootstrap, "bus", root.path], environment: environment)
        try waitFor("the D-Bus socket") { FileManager.default.fileExists(atPath: socket) }
        try startKeyring()
    }

    /// Starts gnome-keyring-daemon and unlocks the login keyring (created on first start, kept
    /// on disk under XDG_DATA_HOME, so a restart finds the same items).
    func startKeyring() throws {
        switch provider {
        case .gnomeKeyring:
            keyring = try ProcessRunner.start(
                "/bin/bash", [Self.bootstrap, "keyring"], environment: environment, stdin: "keyring-password")
            try waitFor("gnome-keyring on the bus") { self.secretServiceIsOnBus() }
        case .keepassxc:
            keyring = try ProcessRunner.start(
                "/bin/bash", [Self.bootstrap, "keepassxc", root.path], environment: environment, stdin: "keepassxc-password\n")
            // KeePassXC is on the bus before its database is open: wait for the collection and
            // for it to be unlocked.
            try waitFor("KeePassXC's collection, unlocked", attempts: 800) {
                (try? self.defaultCollection()).map { (try? self.isLocked($0)) == false } ?? false
            }
        }
    }

    /// The D-Bus path of the default collection, or nil while there is none.
    func defaultCollection() throws -> String? {
        let result = try dbus(["/org/freedesktop/secrets", "org.freedesktop.Secret.Service.ReadAlias", "string:default"])
        guard let range = result.stdout.range(of: #"object path "(/org/[^"]+)""#, options: .regularExpression) else { return nil }
        return String(result.stdout[range].dropFirst("object path \"".count).dropLast())
    }

    func isLocked(_ collection: String) throws -> Bool {
        let result = try dbus([
            collection, "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.Secret.Collection", "string:Locked",
        ])
        return result.stdout.contains("boolean true")
    }

    private func dbus(_ arguments: [String], destination: String = "org.freedesktop.secrets") throws -> ProcessResult {
        try ProcessRunner.run(
            "/usr/bin/dbus-send", ["--session", "--print-reply", "--dest=\(destination)"] + arguments, environment: environment)
    }

    /// Locks the default collection, as a screen lock, `seahorse` or KeePassXC's own lock would.
    func lockKeyring() throws {
        if provider == .keepassxc {
            let collection = try XCTUnwrap(try defaultCollection())
            let lock = try dbus(["/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock", "array:objpath:\(collection)"])
            // KeePassXC answers with a prompt to complete the lock.
            if let range = lock.stdout.range(of: #"object path "(/org/freedesktop/secrets/prompt/[^"]+)""#, options: .regularExpression) {
                let prompt = String(lock.stdout[range].dropFirst("object path \"".count).dropLast())
                _ = try dbus([prompt, "org.freedesktop.Secret.Prompt.Prompt", "string:"])
            }
            try waitFor("the KeePassXC database locked") { (try? self.isLocked(collection)) == true }
            return
        }
        let result = try ProcessRunner.run(
            "/usr/bin/dbus-send",
            [
                "--session", "--print-reply", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login",
            ], environment: environment)
        guard result.status == 0 else {
            throw NSError(domain: "KeyringSession", code: 2, userInfo: [NSLocalizedDescriptionKey: result.stderr])
        }
    }

    private func secretServiceIsOnBus() -> Bool {
        let result = try? ProcessRunner.run(
            "/usr/bin/dbus-send",
            [
                "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets",
            ], environment: environment)
        return result?.stdout.contains("boolean true") == true
    }

    /// Opens (unlocks) KeePassXC's database again through its own D-Bus interface.
    func unlockKeePassXC() throws {
        let result = try dbus(
            [
                "/keepassxc", "org.keepassxc.KeePassXC.MainWindow.openDatabase", "string:\(root.path)/keepassxc/test.kdbx",
                "string:keepassxc-password",
            ],
            destination: "org.keepassxc.KeePassXC.MainWindow")
        XCTAssertEqual(result.status, 0, result.stderr)
        let collection = try XCTUnwrap(try defaultCollection())
        try waitFor("the KeePassXC database unlocked") { (try? self.isLocked(collection)) == false }
    }

    private func waitFor(_ what: String, attempts: Int = 200, _ condition: () -> Bool) throws {
        for _ in 0..<attempts {
            if condition() { return }
            usleep(25_000)
        }
        throw NSError(domain: "KeyringSession", code: 1, userInfo: [NSLocalizedDescriptionKey: "timed out waiting for \(what)"])
    }

    /// Freezes gnome-keyring-daemon (SIGSTOP): D-Bus calls to it wait for an answer, as with a
    /// hung daemon, until `resumeKeyring`.
    func pauseKeyring() {
        if let pid = keyring?.process.processIdentifier { kill(pid, SIGSTOP) }
    }

    func resumeKeyring() {
        if let pid = keyring?.process.processIdentifier { kill(pid, SIGCONT) }
    }

    /// Kills the keyring daemon outright (SIGKILL, frozen or not): calls waiting on it fail and
    /// nothing queued for it is processed.
    func crashKeyring() {
        guard let keyring else { return }
        kill(keyring.process.processIdentifier, SIGKILL)
        keyring.terminate()
        self.keyring = nil
    }

    /// Stops the keyring daemon (the Secret Service vanishes from the bus).
    func stopKeyring() {
        resumeKeyring()  // a stopped process would hold its SIGTERM until continued
        keyring?.terminate()
        keyring = nil
    }

    /// Runs `authhelper` in this session.
    @discardableResult
    func authhelper(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(Products.authhelper, arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// Runs a shell command line in this session, with authhelper on PATH.
    func shell(_ script: String, environment extra: [String: String] = [:]) throws -> ProcessResult {
        var env = environment.merging(extra) { $1 }
        env["PATH"] = Products.directory + ":" + (env["PATH"] ?? "")
        return try ProcessRunner.run("/bin/bash", ["-c", script], environment: env)
    }

    /// `secret-tool lookup` of the profile's item: what a real Secret Service client sees.
    func keyringSecret(profile: String, server: String, username: String) throws -> String? {
        let result = try ProcessRunner.run(
            "/usr/bin/secret-tool", ["lookup", "profile", profile, "server", server, "username", username],
            environment: environment)
        return result.status == 0 && !result.stdout.isEmpty ? result.stdout : nil
    }

    /// Every file under the sandbox, with its contents, for leak searches.
    func allFiles() -> [(path: String, contents: Data)] {
        var files: [(String, Data)] = []
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            let path = root.path + "/" + relative
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                !relative.hasPrefix("data/keyrings"), relative != "bus"
            else { continue }
            if let data = FileManager.default.contents(atPath: path) { files.append((relative, data)) }
        }
        return files
    }

    func close() {
        if provider == .keepassxc {
            // Asked to quit; its dialogs (none expected) must not hold the test up: killed after.
            _ = try? dbus(["/keepassxc", "org.keepassxc.KeePassXC.MainWindow.appExit"], destination: "org.keepassxc.KeePassXC.MainWindow")
            if let pid = keyring?.process.processIdentifier { kill(pid, SIGKILL) }
        }
        resumeKeyring()
        keyring?.terminate()
        dbus?.terminate()
        try? FileManager.default.removeItem(at: root)
    }

    deinit { close() }
}

/// POSIX mode bits of a path (without following a symlink).
func mode(of path: String) -> Int? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    return Int(st.st_mode & 0o777)
}
