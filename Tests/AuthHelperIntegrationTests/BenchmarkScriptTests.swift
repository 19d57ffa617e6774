import Foundation
import XCTest

/// CI checks that the benchmark runs and prints its table; the figures are for people.
final class BenchmarkScriptTests: XCTestCase {
    func testQuickModeRunsAndPrintsEveryRow() throws {
        try Prerequisites.require()
        let result = try ProcessRunner.run(
            "/bin/bash", ["scripts/bench", "--quick"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "AUTHHELPER_BUILD_DIR": Products.directory],
            workingDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 0, result.stderr)
        for row in 1...24 {
            XCTAssertTrue(result.stdout.contains("\n| \(row) |"), "row \(row) in:\n\(result.stdout)")
        }
        let burst = result.stdout.split(separator: "\n").first { $0.hasPrefix("| 6 |") } ?? ""
        XCTAssertTrue(burst.contains("expired token: 1 refresh(es)"), "the concurrent burst made exactly one refresh:\n\(result.stdout)")
        XCTAssertTrue(
            result.stdout.contains("concurrent `get`, expired token: 1 refresh(es), 30/30 answers"),
            "the registry burst made one refresh and every tool got its answer:\n\(result.stdout)")
    }

    /// scripts/bench-mcp: the side-by-side with the MCP SDK's own OAuth client runs and prints
    /// every row (its figures are docs/speed.md's, from a full run).
    func testTheMCPSideBySideRunsAndPrintsEveryRow() throws {
        let result = try ProcessRunner.run(
            "/bin/bash", ["scripts/bench-mcp", "--quick"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "AUTHHELPER_BUILD_DIR": Products.directory],
            workingDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 0, result.stderr)
        for row in 1...5 {
            XCTAssertTrue(result.stdout.contains("\n| \(row) |"), "row \(row) in:\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains("no login |"), result.stdout)
    }
}
