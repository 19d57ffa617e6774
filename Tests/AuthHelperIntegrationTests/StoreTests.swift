import Foundation
import XCTest

/// Without a Secret Service: a clear 69 by default, the file store only by explicit opt-in.
final class StoreTests: IntegrationTestCase {
    /// Login hands out access tokens that are already expired, so the next call needs the store.
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    var noBus: [String: String] { ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(session.root.path)/no-such-bus"] }

    func testHeaderWithoutSecretServiceExits69AndDeletesNothing() throws {
        try login()
        let before = try XCTUnwrap(storedRefreshToken())
        let result = try session.authhelper(["header"], environment: noBus)
        assertFails(result, status: 69, naming: "No Secret Service", "profile 'default'")
        XCTAssertEqual(try storedRefreshToken(), before, "an unreachable keyring deletes nothing")
        // Short, and the one fix for where it runs: over SSH the kernel keyring, on a desktop its keyring.
        // (An SSH login with X forwarding has a DISPLAY, and still no keyring of its own.)
        let overSSH = try session.authhelper(
            ["header"], environment: noBus.merging(["SSH_CONNECTION": "127.0.0.1 5 127.0.0.1 22", "DISPLAY": "localhost:10.0"]) { $1 })
        let lines = overSSH.stderr.split(separator: "\n").filter { !$0.contains("warning:") }
        XCTAssertLessThanOrEqual(lines.count, 3, overSSH.stderr)
        XCTAssertTrue(overSSH.stderr.contains("AUTHHELPER_STORE=kernel authhelper login --profile default"), overSSH.stderr)
        let desktop = try session.authhelper(["header"], environment: noBus.merging(["DISPLAY": ":0"]) { $1 })
        XCTAssertTrue(desktop.stderr.contains("unlock your desktop's keyring"), desktop.stderr)
        XCTAssertFalse(desktop.stderr.contains("AUTHHELPER_STORE"), desktop.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 0)
    }

    func testKeyringDaemonGoneExits69() throws {
        try login()
        session.stopKeyring()
        let result = try session.authhelper(["status"])
        XCTAssertEqual(result.status, 69, result.stderr)
    }

    func testFileStoreWorksWithoutAKeyringAndWarns() throws {
        let env = noBus.merging(["AUTHHELPER_STORE": "file"]) { $1 }
        let login = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin"],
            stdin: "demo-password\n", environment: env)
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertTrue(login.stderr.contains("warning:") && login.stderr.contains("unencrypted"), login.stderr)
        let secretFile = session.root.path + "/state/authhelper/default.secret.json"
        XCTAssertEqual(mode(of: secretFile), 0o600)
        XCTAssertEqual(mode(of: session.root.path + "/state/authhelper"), 0o700)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        XCTAssertTrue(config.contains("store = \"file\""), "the opt-in is remembered in the profile")

        // Later calls need neither the variable nor a bus.
        let header = try session.authhelper(["header"], environment: noBus)
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 1)
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: header.stdout))), 200)
        let status = try session.authhelper(["status", "--json"], environment: noBus)
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("\"store\": \"file\""), status.stdout)
        XCTAssertNil(try storedSession(), "nothing went to the keyring")
        XCTAssertEqual(try session.authhelper(["logout"], environment: noBus).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: secretFile))
    }

    /// A login SIGKILLed between any two steps of its durable writes (the kernel delivers the
    /// signal on entry to the Nth write, fsync or rename, strace's fault injection, for every N
    /// until the login gets through): the config and the file store are each the old file or
    /// the new one whole, the profile logged in before still serves, and the next write removes
    /// the temporary files the killed writers left.
    func testAWriterKilledBetweenAnyTwoStepsLeavesTheOldFileOrTheNewOneWhole() throws {
        let env = session.environment.merging(noBus) { $1 }.merging(["AUTHHELPER_STORE": "file"]) { $1 }
        let first = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n", environment: env)
        XCTAssertEqual(first.status, 0, first.stderr)
        let config = try String(contentsOfFile: session.configFile, encoding: .utf8)
        let stateFolder = session.root.path + "/state/authhelper"
        let secondStore = stateFolder + "/second.secret.json"
        let leftovers = { () throws -> [String] in
            (try FileManager.default.contentsOfDirectory(atPath: (self.session.configFile as NSString).deletingLastPathComponent)
                + FileManager.default.contentsOfDirectory(atPath: stateFolder)).filter { $0.contains(".tmp-") }
        }
        var (kills, leftBehind) = (0, 0)
        for syscalls in ["write", "fsync", "rename,renameat,renameat2"] {
            for when in 1...60 {
                let run = try ProcessRunner.run(
                    "/usr/bin/strace",
                    [
                        "-f", "-qq", "-o", "/dev/null", "-e", "trace=\(syscalls)", "-e", "inject=\(syscalls):signal=KILL:when=\(when)",
                        Products.authhelper, "login", "--profile", "second", "--server", server.url, "--username", "demo",
                        "--password-stdin",
                    ],
                    environment: env, stdin: "demo-password\n")
                if run.status == 0 { break }  // no \(syscalls) call number \(when): every point of this kind was tried
                kills += 1
                if try !leftovers().isEmpty { leftBehind += 1 }
                let now = try String(contentsOfFile: session.configFile, encoding: .utf8)
                XCTAssertTrue(
                    now == config || now.contains("[profiles.second]"), "killed at \(syscalls) #\(when): the old config or the new one")
                let status = try session.authhelper(["status", "--all", "--json"], environment: env)
                XCTAssertEqual(status.status, 0, "killed at \(syscalls) #\(when): \(status.stderr)")
                XCTAssertFalse(status.stdout.contains("store_unreadable"), "killed at \(syscalls) #\(when): \(status.stdout)")
                XCTAssertEqual(
                    try session.authhelper(["header", "--profile", "default"], environment: env).status, 0,
                    "killed at \(syscalls) #\(when): the first profile serves")
                // Back to the state before the login, for the next point.
                try config.write(toFile: session.configFile, atomically: true, encoding: .utf8)
                chmod(session.configFile, 0o600)
                try? FileManager.default.removeItem(atPath: secondStore)
            }
        }
        XCTAssertGreaterThan(kills, 6, "every step of both writes was a kill point")
        XCTAssertGreaterThan(leftBehind, 0, "a writer killed before its rename left its temporary file")
        XCTAssertEqual(try leftovers(), [], "the next write removed what the killed writers left")
        print("StoreTests: \(kills) kill points, \(leftBehind) of them left a temporary file")
    }

    /// What must survive a power cut is written durably, as the kernel sees it (strace): the new
    /// file fsynced, renamed over the old one, then its folder fsynced — the config and the file
    /// store's session alike (without the folder's fsync a crash can bring back the old file).
    func testTheConfigAndTheFileStoreAreWrittenDurably() throws {
        let trace = session.root.path + "/login.strace"
        let env = session.environment.merging(noBus) { $1 }.merging(["AUTHHELPER_STORE": "file"]) { $1 }
        let login = try ProcessRunner.run(
            "/usr/bin/strace",
            [
                "-f", "-qq", "-e", "trace=openat,fsync,rename,renameat,renameat2", "-o", trace, Products.authhelper, "login", "--server",
                server.url, "--username", "demo", "--password-stdin",
            ],
            environment: env, stdin: "demo-password\n")
        XCTAssertEqual(login.status, 0, login.stderr)
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        for (what, file) in [
            ("the config", session.configFile), ("the file store", session.root.path + "/state/authhelper/default.secret.json"),
        ] {
            let folder = (file as NSString).deletingLastPathComponent
            guard let renamed = lines.firstIndex(where: { $0.contains("rename") && $0.contains("\"\(file)\"") && $0.contains(".tmp-") })
            else {
                XCTFail("\(what): no rename into \(file) in the trace")
                continue
            }
            // The temporary file's descriptor, from its open, fsynced before the rename.
            let opened = lines[..<renamed].lastIndex { $0.contains("openat(") && $0.contains("\(file).tmp-") }
            let fileFD = opened.flatMap { lines[$0].split(separator: "=").last?.trimmingCharacters(in: .whitespaces) }
            XCTAssertNotNil(fileFD, "\(what): the temporary file's open")
            XCTAssertTrue(lines[..<renamed].contains { $0.contains("fsync(\(fileFD ?? "?"))") }, "\(what): fsync before the rename")
            // The folder opened after the rename and fsynced.
            let after = lines[(renamed + 1)...]
            let folderOpen = after.firstIndex { $0.contains("openat(") && $0.contains("\"\(folder)\"") && $0.contains("O_DIRECTORY") }
            let folderFD = folderOpen.flatMap { lines[$0].split(separator: "=").last?.trimmingCharacters(in: .whitespaces) }
            XCTAssertNotNil(folderFD, "\(what): the folder opened after the rename")
            XCTAssertTrue(after.contains { $0.contains("fsync(\(folderFD ?? "?"))") }, "\(what): fsync of the folder after the rename")
        }
    }

    func testUnknownStoreVariableIsAUsageError() throws {
        try login()
        let result = try session.authhelper(["header", "-v"], environment: ["AUTHHELPER_STORE": "cloud"])
        XCTAssertEqual(result.status, 64, result.stderr)
    }
}
