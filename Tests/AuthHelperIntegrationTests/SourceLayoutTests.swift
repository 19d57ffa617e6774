import Foundation
import XCTest

/// The house rules a reader meets first: no source line over 140 columns, message strings
/// included (swift-format leaves string literals alone, so this test holds the line).
final class SourceLayoutTests: XCTestCase {
    static let columnLimit = 140

    func testNoSourceLineIsLongerThan140Columns() throws {
        let sources = repositoryRoot + "/Sources"
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: sources))
        var checked = 0
        var long: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard [".swift", ".c", ".h"].contains(where: { relative.hasSuffix($0) }) else { continue }
            let text = try String(contentsOfFile: sources + "/" + relative, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.count > Self.columnLimit {
                long.append("Sources/\(relative):\(index + 1): \(line.count) columns")
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 100, "the sources were found")
        XCTAssertEqual(long, [], "break these lines (a message string: a multi-line literal with \\ continuations)")
    }
}
