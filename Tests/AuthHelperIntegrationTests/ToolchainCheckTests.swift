import Foundation
import XCTest

/// The front is built in Embedded Swift: a toolchain without the embedded standard library gets a
/// sentence naming what is missing before any build starts (scripts/check-toolchain, which
/// `make` and scripts/test run, so this toolchain passes it or no test runs), never a silent
/// fallback to a slower front.
final class ToolchainCheckTests: XCTestCase {
    func testAToolchainWithoutTheEmbeddedStandardLibraryIsNamedBeforeTheBuild() throws {
        let folder = NSTemporaryDirectory() + "ah-toolchain-\(UUID().uuidString.prefix(8))"
        let resources = folder + "/usr/lib/swift"
        try FileManager.default.createDirectory(atPath: resources + "/linux", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A toolchain's driver, as far as the check asks it: the target info a real one prints.
        let swift = folder + "/swift"
        try """
        #!/bin/sh
        cat <<'INFO'
        {
          "compilerVersion": "Swift version 6.0 (a toolchain without embedded/)",
          "target": {
            "triple": "x86_64-unknown-linux-gnu",
            "unversionedTriple": "x86_64-unknown-linux-gnu"
          },
          "paths": {
            "runtimeResourcePath": "\(resources)"
          }
        }
        INFO

        """.write(toFile: swift, atomically: true, encoding: .utf8)
        chmod(swift, 0o755)
        let result = try ProcessRunner.run(
            "/bin/bash", ["scripts/check-toolchain", swift], environment: ["PATH": "/usr/bin:/bin"],
            workingDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("built in Embedded Swift"), result.stderr)
        XCTAssertTrue(result.stderr.contains(resources + "/embedded/Swift.swiftmodule (the embedded standard library)"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains(resources + "/embedded/x86_64-unknown-linux-gnu/libswiftUnicodeDataTables.a"), result.stderr)
    }
}
