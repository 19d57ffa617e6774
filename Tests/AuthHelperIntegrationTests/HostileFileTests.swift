import Foundation
import XCTest

/// Files planted where authhelper reads (a FIFO never answers; a config full of terminal escape
/// sequences) and values a hostile server sends: nothing hangs, nothing raw reaches a terminal.
final class HostileFileTests: IntegrationTestCase {
    /// Runs authhelper under `timeout 10`: a hang shows as exit 124 instead of a stuck suite.
    func bounded(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try session.shell("timeout 10 authhelper " + arguments.map { "'\($0)'" }.joined(separator: " "), environment: environment)
    }

    func testAFIFOPlantedAsTheRuntimeCacheIsRefusedNotWaitedOn() throws {
        try login()
        let cache = session.cacheDirectory + "/default"
        try? FileManager.default.removeItem(atPath: cache)
        XCTAssertEqual(mkfifo(cache, 0o600), 0)
        for command in [["header"], ["token", "--min-ttl", "5"]] {
            let result = try bounded(command)
            XCTAssertEqual(result.status, 0, "\(command) answered from the keyring instead of hanging: \(result.stderr)")
            XCTAssertTrue(result.stdout.hasPrefix(command[0] == "header" ? "Authorization: Bearer " : "ey"), result.stdout)
        }
        let record = session.cacheDirectory + "/.default-profile"
        try? FileManager.default.removeItem(atPath: record)
        XCTAssertEqual(mkfifo(record, 0o600), 0)
        XCTAssertEqual(try bounded(["header"]).status, 0, "a FIFO as the default-profile record is refused too")
    }

    func testAFIFOGivenAsTheConfigFileExits78() throws {
        let fifo = session.root.path + "/config.fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let result = try bounded(["status", "--config", fifo])
        assertFails(result, status: 78, naming: "not a regular file")
    }

    func testConfigErrorsShowNoRawControlCharacters() throws {
        let config = session.root.path + "/hostile.toml"
        try "[profiles.x]\nserver = \u{1b}]0;owned\u{07}\u{1b}[2J\u{9b}31m\u{202e}\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let result = try bounded(["status", "--config", config])
        assertFails(result, status: 78, naming: "hostile.toml:2:")
        for raw in ["\u{1b}", "\u{07}", "\u{9b}", "\u{202e}"] {
            XCTAssertFalse(
                result.stderr.contains(raw), "no raw \(raw.unicodeScalars.first!.value) on stderr: \(result.stderr.debugDescription)")
        }
    }

    func testAnEnvironmentReadAsAConfigIsNotEchoed() throws {
        // The variable comes first in the environment, so the parser meets its value first.
        let value = "not-for-your-terminal-" + String(repeating: "q", count: 60)
        let result = try session.shell(
            "timeout 10 env -i LEAKY_VALUE=\(value) HOME=/nonexistent \(Products.authhelper) status --config /proc/self/environ")
        XCTAssertEqual(result.status, 78, result.stderr)
        XCTAssertFalse(result.stderr.contains(value), "at most a short excerpt: \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("\u{0}"), "no NUL byte reaches the terminal")
    }
}
