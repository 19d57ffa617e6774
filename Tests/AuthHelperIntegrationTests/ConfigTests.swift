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

    func testUnknownKeysDrawAWarning() throws {
        try write("colour = \"blue\"\n[profiles.a]\nserver = \"https://x.example\"\nusername = \"u\"\nfavourite = 1\n")
        let result = try session.authhelper(["status", "--all"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("config.toml:1: unknown key 'colour'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("config.toml:5: unknown key 'favourite'"), result.stderr)
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
