import Foundation
import XCTest

/// What a hostile server sends back is shown escaped.
final class HostileServerTextTests: IntegrationTestCase {
    override var serverArguments: [String] { ["--fault", "login=hostile-detail"] }

    func testC1AndBidirectionalControlsFromTheServerAreEscaped() throws {
        let result = try session.authhelper(["login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n")
        assertFails(result, status: 77, naming: "BAD")
        for raw in ["\u{9b}", "\u{202e}", "\u{1b}", "\u{07}"] {
            XCTAssertFalse(result.stderr.contains(raw), "no raw U+\(String(raw.unicodeScalars.first!.value, radix: 16)): \(result.stderr.debugDescription)")
        }
    }
}
