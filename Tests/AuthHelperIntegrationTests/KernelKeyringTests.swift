import Foundation
import XCTest

/// Without a Secret Service (an SSH session, a headless box): a sealing key in the user's
/// persistent kernel keyring, the session sealed under it in the state folder. Each test's key is
/// named after its own server (a random port), so tests never see each other's keys; each
/// removes what it made.
final class KernelKeyringTests: IntegrationTestCase {
    /// Login hands out access tokens that are already expired, so every call needs the store.
    override var serverArguments: [String] { ["--login-access-ttl", "0"] }

    var noBus: [String: String] { ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(session.root.path)/no-such-bus"] }
    var keyDescription: String { "authhelper:default:demo@\(server.url)" }

    override func tearDown() {
        if session != nil, server != nil {
            _ = try? withPersistentKeyring("k=$(keyctl search \"$p\" user '\(keyDescription)') && keyctl unlink \"$k\" \"$p\"")
        }
        super.tearDown()
    }

    func keyctl(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/keyctl", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    /// Runs `script` as another program of this user would: in a session keyring of its own,
    /// with the persistent keyring linked into it as `$p` (possessed, so its keys can be found).
    func withPersistentKeyring(_ script: String) throws -> ProcessResult {
        try keyctl(["session", "-", "/bin/sh", "-c", "p=$(keyctl get_persistent @s) || exit 1; " + script])
    }

    /// The key's payload in hex as another program of this user reads it (keyctl), or nil.
    func storedKey() throws -> String? {
        let payload = try withPersistentKeyring(
            "k=$(keyctl search \"$p\" user '\(keyDescription)') && keyctl pipe \"$k\" | od -An -v -tx1 | tr -d ' \\n'")
        guard payload.status == 0, !payload.stdout.isEmpty else { return nil }
        return payload.stdout
    }

    /// The sealed session files in the session's state folder.
    func sealedFiles() -> [String] {
        let folder = session.root.path + "/state/authhelper"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".sealed") }.map {
            folder + "/" + $0
        }
    }

    @discardableResult
    func loginWithoutSecretService(file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
        let result = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n", environment: noBus)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result
    }

    func testWithoutASecretServiceTheSessionGoesToTheKernelKeyringAndWorks() throws {
        let login = try loginWithoutSecretService()
        XCTAssertTrue(login.stderr.contains("kernel keyring") && login.stderr.contains("log in once per boot"), login.stderr)
        XCTAssertTrue(
            try String(contentsOfFile: session.configFile, encoding: .utf8).contains("store = \"kernel\""), "the store is recorded")
        // The key holds a 32-byte sealing key, the state folder one sealed 0600 file.
        let key = try XCTUnwrap(try storedKey())
        XCTAssertEqual(key.count, 64, "32 bytes: \(key.count / 2)")
        let sealed = try XCTUnwrap(sealedFiles().first, "a sealed session file")
        XCTAssertEqual(sealedFiles().count, 1)
        XCTAssertEqual(mode(of: sealed), 0o600)
        let sealedAtLogin = try Data(contentsOf: URL(fileURLWithPath: sealed))
        let header = try session.authhelper(["header"], environment: noBus)
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 1)
        XCTAssertEqual(try storedKey(), key, "a refresh keeps the key (it needs no quota)")
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: sealed)), sealedAtLogin, "the rotated pair is sealed into the file")
        XCTAssertEqual(try server.usersMeStatus(token: try XCTUnwrap(bearer(of: header.stdout))), 200)
        // The rotated refresh token was stored: a call that must refresh (a promise beyond the
        // lifetime) refreshes with it.
        let again = try session.authhelper(
            ["header", "--min-ttl", "999999"], environment: noBus.merging(["AUTHHELPER_NO_CACHE": "1"]) { $1 })
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try server.counter("refreshes"), 2)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
        let status = try session.authhelper(["status", "--json"], environment: noBus)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["store"] as? String, "kernel")
        XCTAssertTrue(
            try session.authhelper(["status"], environment: noBus).stdout.contains(
                "kernel keyring (persistent: survives logout, not reboot)"))
        // Readable by this user only: possessor and user, nothing for group and others.
        let permissions = try withPersistentKeyring("keyctl rdescribe $(keyctl search \"$p\" user '\(keyDescription)')").stdoutLine.split(
            separator: ";")
        XCTAssertEqual(permissions.count > 3 ? String(permissions[3]) : nil, "3f3f0000", "possessor and user only: \(permissions)")
        // No refresh token in any file (the sealed one included) nor in the key.
        let refreshTokens = try server.issuedRefreshTokens()
        XCTAssertEqual(refreshTokens.count, 3)
        for file in session.allFiles() {
            assertNoSecret(String(decoding: file.contents, as: UTF8.self), refreshTokens, file.path)
        }
        XCTAssertEqual(try session.authhelper(["logout"], environment: noBus).status, 0)
        XCTAssertNil(try storedKey(), "logout removes the key")
        XCTAssertEqual(sealedFiles(), [], "and the sealed file")
    }

    func testANewSessionFindsItAndASimulatedRebootLosesIt() throws {
        try loginWithoutSecretService()
        // A new login session (a new SSH connection): a new session keyring; the persistent
        // keyring is the same.
        let newSession = try session.shell(
            "keyctl session - authhelper header", environment: noBus.merging(["AUTHHELPER_NO_CACHE": "1"]) { $1 })
        XCTAssertEqual(newSession.status, 0, newSession.stderr)
        XCTAssertTrue(newSession.stdout.hasPrefix("Authorization: Bearer "))
        // A reboot empties the persistent keyring: the session is gone, and the message says so;
        // the sealed file, which nothing can open any more, goes too.
        XCTAssertEqual(sealedFiles().count, 1)
        XCTAssertEqual(try withPersistentKeyring("keyctl unlink $(keyctl search \"$p\" user '\(keyDescription)') \"$p\"").status, 0)
        assertFails(
            try session.authhelper(["header"], environment: noBus.merging(["AUTHHELPER_NO_CACHE": "1"]) { $1 }), status: 77,
            naming: "Not logged in", "kernel keyring")
        XCTAssertEqual(sealedFiles(), [])
    }

    func testASessionAnOlderAuthhelperKeptInTheKeyIsReadAndSealedAtTheNextSave() throws {
        try loginWithoutSecretService()
        // As an older authhelper stored it: the whole session document in the key.
        let refreshToken = try XCTUnwrap(try server.issuedRefreshTokens().last)
        let sealed = try XCTUnwrap(sealedFiles().first)
        try FileManager.default.removeItem(atPath: sealed)
        let document = #"{"version":1,"refresh_token":"\#(refreshToken)"}"#
        XCTAssertEqual(
            try withPersistentKeyring("printf '%s' '\(document)' | keyctl padd user '\(keyDescription)' \"$p\" >/dev/null").status, 0)
        let header = try session.authhelper(["header"], environment: noBus.merging(["AUTHHELPER_NO_CACHE": "1"]) { $1 })
        XCTAssertEqual(header.status, 0, header.stderr)
        XCTAssertEqual(try storedKey()?.count, 64, "the key became a sealing key")
        XCTAssertEqual(sealedFiles().count, 1, "and the rotated session is sealed")
        XCTAssertEqual(try session.authhelper(["header"], environment: noBus.merging(["AUTHHELPER_NO_CACHE": "1"]) { $1 }).status, 0)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
    }

    func testASealedFileThatWasAlteredIsRefusedAndLeftAsItIs() throws {
        try loginWithoutSecretService()
        let sealed = try XCTUnwrap(sealedFiles().first)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: sealed))
        bytes[bytes.count - 1] ^= 1
        try bytes.write(to: URL(fileURLWithPath: sealed))
        XCTAssertEqual(chmod(sealed, 0o600), 0)
        assertFails(
            try session.authhelper(["header"], environment: noBus.merging(["AUTHHELPER_NO_CACHE": "1"]) { $1 }), status: 1,
            naming: "does not open with its kernel key", "left as it is")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: sealed)), bytes, "nothing stored is lost")
        XCTAssertNotNil(try storedKey())
    }

    func testALockedSecretServiceNeverFallsBackToTheKernel() throws {
        try session.lockKeyring()
        let result = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin", "--no-prompt"], stdin: "demo-password\n")
        assertFails(result, status: 69, naming: "locked")
        XCTAssertNil(try storedKey())
        XCTAssertFalse(result.stderr.contains("kernel keyring"), result.stderr)
        XCTAssertEqual(try server.counter("logins"), 0, "no password was sent")
    }

    func testAKernelThatRefusesKeyctlIsNamedWithTheChoicesLeft() throws {
        let blocked = try ProcessRunner.run(
            "/usr/bin/python3",
            [
                repositoryRoot + "/Tests/Servers/without_keyctl.py", Products.authhelper, "login", "--server", server.url,
                "--username", "demo", "--password-stdin",
            ],
            environment: session.environment.merging(noBus) { $1 }, stdin: "demo-password\n")
        assertFails(
            blocked, status: 69, naming: "refuses keyring calls", "seccomp", "not namespaced", "user-namespace remapping",
            "AUTHHELPER_STORE=file")
        XCTAssertEqual(try server.counter("logins"), 0, "checked before the password is sent")
    }
}
