import Foundation
import XCTest

/// What a hostile server sends back is shown escaped.
final class HostileServerTextTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--fault", "login=hostile-detail"] }

    func testC1AndBidirectionalControlsFromTheServerAreEscaped() throws {
        let result = try session.authhelper(
            ["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
        assertFails(result, status: 77, naming: "BAD")
        for raw in ["\u{9b}", "\u{202e}", "\u{1b}", "\u{07}"] {
            XCTAssertFalse(
                result.stderr.contains(raw),
                "no raw U+\(String(raw.unicodeScalars.first!.value, radix: 16)): \(result.stderr.debugDescription)")
        }
    }

    /// Discovery metadata whose authorization endpoint holds a C1 CSI and a bidirectional
    /// override: refused as malformed (65), and neither character reaches the terminal.
    func testAHostileEndpointInTheMetadataIsRefusedAndNeverPrintedRaw() throws {
        let issuer = try RecordingServerProcess(
            host: "127.0.0.2", ["--issuer", "--authorization-endpoint", "http://127.0.0.2:9/auth\u{9b}31m\u{202e}x"])
        defer { issuer.stop() }
        let result = try session.authhelper([
            "login", "--browser", "--no-browser", "--browser-timeout", "2", "--issuer", issuer.url, "--client-id", "cli", "-v",
        ])
        assertFails(result, status: 65, naming: "authorization_endpoint")
        for raw in ["\u{9b}", "\u{202e}"] {
            XCTAssertFalse(
                result.stderr.contains(raw),
                "no raw U+\(String(raw.unicodeScalars.first!.value, radix: 16)): \(result.stderr.debugDescription)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.configFile), "nothing was recorded")
    }

    /// "Loopback" is the whole host: a name that starts like a loopback address is refused over
    /// plain http before any request (64).
    func testANameThatLooksLikeLoopbackIsNotLoopback() throws {
        for server in ["http://127.0.0.1.invalid:8000", "http://127.0.0.1.nip.io"] {
            let result = try session.authhelper(
                ["login", "--server", server, "--username", "demo", "--password-stdin", "-v"], stdin: "demo-password\n")
            assertFails(result, status: 64, naming: "plain http")
            XCTAssertFalse(result.stderr.contains("POST"), "no request was made: \(result.stderr)")
        }
    }
}
