import AuthHelperCore
import XCTest

final class TOMLDocumentTests: XCTestCase {
    func testStringsIntegersBooleansAndComments() throws {
        let doc = try TOMLDocument(
            parsing: """
                # comment
                a = "x\\ty \\"q\\" \\u00e9" # trailing comment
                b = 'C:\\\\raw'
                c = 1_000
                d = -5
                e = true
                [t."quoted key".u]
                f = false\r
                """)
        XCTAssertEqual(
            doc.entries.map(\.value),
            [.string("x\ty \"q\" é"), .string("C:\\\\raw"), .integer(1000), .integer(-5), .boolean(true), .boolean(false)])
        XCTAssertEqual(doc.entries.last?.table, ["t", "quoted key", "u"])
        XCTAssertEqual(doc.entries.map(\.line), [2, 3, 4, 5, 6, 8])
    }

    func testRejectsWhatTheConfigDoesNotUseWithTheLine() {
        let cases: [(String, Int)] = [
            ("a = [1, 2]", 1), ("\nb = { x = 1 }", 2), ("c = 1.5", 1), ("d = 1979-05-27", 1), ("e = \"\"\"x\"\"\"", 1),
            ("f = \"open", 1), ("g = bare", 1), ("h = 1\nh = 2", 2), ("[t]\n[t]", 2), ("[[t]]", 1), ("a.b = 1", 1),
            ("= 1", 1), ("i = 01", 1), ("j = \"\\q\"", 1), ("k = 1 2", 1), ("[t", 1),
        ]
        for (text, line) in cases {
            XCTAssertThrowsError(try TOMLDocument(parsing: text), text) { error in
                XCTAssertEqual((error as? TOMLDocument.ParseError)?.line, line, text)
            }
        }
    }
}
