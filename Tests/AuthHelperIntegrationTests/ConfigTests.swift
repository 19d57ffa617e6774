import Foundation
import XCTest

/// The config file as people edit it: clear errors with line numbers, warnings for unknown keys.
final class ConfigTests: IntegrationTestCase {
    func write(_ text: String) throws {
        try FileManager.default.createDirectory(
            atPath: (session.configFile as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try text.write(toFile: session.configFile, atomically: true, encoding: .utf8)
    }

    func testSyntaxErrorExits78NamingFileAndLine() throws {
        try write("default_profile = \"a\"\n\n[profiles.a]\nserver = \"https://x.example\"\nusername = \n")
        let result = try session.authhelper(["status"])
        assertFails(result, status: 78, naming: "config.toml:5:")
    }

    func testWrongTypeExits78NamingTheLine() throws {
        try write("[profiles.a]\nserver = \"https://x.example\"\nusername = \"u\"\ntimeout = \"thirty\"\n")
        let result = try session.authhelper(["header", "--profile", "a"])
        assertFails(result, status: 78, naming: "config.toml:4: timeout must be a whole number")
    }

    /// The plain-http rule wherever a token goes: also_for and resources too, in the file (78
    /// naming the line) and at login (64), unless the profile allows it; loopback is fine.
    func testPlainHTTPToAnotherHostIsRefusedForEveryTokenDestination() throws {
        try write("[profiles.a]\nserver = \"https://x.example\"\nusername = \"u\"\nalso_for = [\"http://files.example.com\"]\n")
        assertFails(try session.authhelper(["status", "--profile", "a"]), status: 78, naming: "config.toml:4:", "also_for", "plain http")
        try write("[profiles.a]\nserver = \"https://x.example\"\nusername = \"u\"\n\nresources = [\"http://files.example.com/\"]\n")
        assertFails(try session.authhelper(["token", "--profile", "a"]), status: 78, naming: "config.toml:5:", "resources", "plain http")
        try write(
            "[profiles.a]\nserver = \"https://x.example\"\nusername = \"u\"\nallow_insecure_http = true\nalso_for = [\"http://files.example.com\"]\n"
        )
        assertFails(try session.authhelper(["status", "--profile", "a"]), status: 77, naming: "Not logged in")
        try FileManager.default.removeItem(atPath: session.configFile)
        let login = try session.authhelper(
            [
                "login", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin", "--resource",
                "http://files.example.com/",
            ],
            stdin: "demo-password\n")
        assertFails(login, status: 64, naming: "http://files.example.com", "plain http")
        XCTAssertEqual(try server.counter("logins"), 0, "refused before the password was sent")
        let loopback = try session.authhelper(
            [
                "login", "--issuer", server.url, "--client-id", "cli", "--username", "demo", "--password-stdin", "--resource",
                "http://127.0.0.2:9/",
            ],
            stdin: "demo-password\n")
        XCTAssertFalse(loopback.stderr.contains("plain http"), "loopback passes the rule: \(loopback.stderr)")
        XCTAssertTrue(loopback.stderr.contains("invalid_target"), "the server, not the rule, answered: \(loopback.stderr)")
    }

    func testUnknownKeysDrawAWarning() throws {
        try write("colour = \"blue\"\n[profiles.a]\nserver = \"https://x.example\"\nusername = \"u\"\nfavourite = 1\n")
        let result = try session.authhelper(["status", "--all"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("config.toml:1: unknown key 'colour'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("config.toml:5: unknown key 'favourite'"), result.stderr)
    }

    /// What a newcomer's typos get (#41): the whole path of the file, the key that was probably
    /// meant, and a default_profile that names no profile is the config's mistake (78), not a
    /// login to run (which would create a profile of the misspelt name).
    func testTyposNameTheFileTheKeyMeantAndTheProfilesThereAre() throws {
        try write("[profiles.work]\nserver = \"https://x.example\"\nusername = \"u\"\nscpoe = \"openid\"\nuser_name = \"v\"\n")
        let warned = try session.authhelper(["status", "--all"])
        XCTAssertTrue(
            warned.stderr.contains(session.configFile + ":4: unknown key 'scpoe' in profile 'work' ignored. Did you mean 'scope'?"),
            warned.stderr)
        XCTAssertTrue(warned.stderr.contains("unknown key 'user_name' in profile 'work' ignored. Did you mean 'username'?"), warned.stderr)
        try write("default_profile = \"wrok\"\n[profiles.work]\nserver = \"https://x.example\"\nusername = \"u\"\n")
        for command in [["token"], ["status"], ["header"]] {
            assertFails(try session.authhelper(command), status: 78, naming: "default_profile = \"wrok\"", "'work'", "Did you mean 'work'?")
        }
        try write("[profiles.work]\nserver = \"https://x.example\n")
        assertFails(try session.authhelper(["status"]), status: 78, naming: session.configFile + ":2: unterminated string")
    }

    func testConfigFlagAndVariableSelectTheFile() throws {
        try login()
        let moved = session.root.path + "/elsewhere.toml"
        try FileManager.default.moveItem(atPath: session.configFile, toPath: moved)
        XCTAssertEqual(try session.authhelper(["status"]).status, 77)
        XCTAssertEqual(try session.authhelper(["status", "--config", moved]).status, 0)
        XCTAssertEqual(try session.authhelper(["status"], environment: ["AUTHHELPER_CONFIG": moved]).status, 0)
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try session.authhelper(["header", "--bogus"]).status, 64)
        XCTAssertEqual(try session.authhelper(["header", "--min-ttl", "-5"]).status, 64)
        XCTAssertEqual(try session.authhelper(["header", "--profile", "../etc"]).status, 64)
        XCTAssertEqual(try session.authhelper(["frobnicate"]).status, 64)
    }

    func testVersion() throws {
        let result = try session.authhelper(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertFalse(result.stdoutLine.isEmpty)
    }
}
