import AuthHelperCore
import XCTest

final class PrintableTests: XCTestCase {
    func testPrintableEscapesControlCharacters() {
        XCTAssertEqual(printable("a\nb\u{1b}"), "a\\nb\\x1b")
        XCTAssertEqual(printable("tab\there\r"), "tab\\there\\r")
        XCTAssertEqual(printable("del\u{7f}"), "del\\x7f")
    }

    func testC1ControlsAreEscaped() {
        // U+009B is CSI on terminals that honour 8-bit controls: ESC [ in one character.
        XCTAssertEqual(printable("x\u{9b}31mred"), "x\\x9b31mred")
        XCTAssertEqual(printable("\u{80}\u{9f}"), "\\x80\\x9f")
        XCTAssertEqual(printable("é ü ß"), "é ü ß", "letters beyond ASCII pass")
    }

    func testBidirectionalControlsAreEscaped() {
        // "evil\u{202e}txt.exe" would read as "eviltxt.exe" reversed on screen.
        XCTAssertEqual(printable("evil\u{202e}gpj.exe"), "evil\\u{202e}gpj.exe")
        for scalar in ["\u{200e}", "\u{200f}", "\u{061c}", "\u{202a}", "\u{2066}", "\u{2069}"] {
            XCTAssertFalse(printable(scalar).unicodeScalars.contains(scalar.unicodeScalars.first!), scalar.debugDescription)
        }
    }

    func testLengthIsCapped() {
        XCTAssertEqual(printable(String(repeating: "a", count: 100), limit: 10), "aaaaaaaaaa…")
        XCTAssertEqual(printable(bytes: Array("héllo\u{1b}[2J".utf8) + [0xFF], limit: 40), "héllo\\x1b[2J\u{fffd}")
    }

    /// The filter every write to stderr and the terminal passes: its own line breaks stay, any
    /// other control (C0, C1, bidirectional) is escaped, whatever a message quoted.
    func testEverythingWrittenForAPersonIsEscapedLineByLine() {
        XCTAssertEqual(printableLines("Open this address:\n  https://a.example/x\n"), "Open this address:\n  https://a.example/x\n")
        let hostile = printableLines("line one \u{9b}31m\nline two \u{202e}x\u{1b}]0;t\u{07}\ttab")
        XCTAssertEqual(hostile.split(separator: "\n").count, 2, hostile)
        for raw in ["\u{9b}", "\u{202e}", "\u{1b}", "\u{07}", "\t"] {
            XCTAssertFalse(hostile.contains(raw), "\(raw.debugDescription) in \(hostile.debugDescription)")
        }
        XCTAssertTrue(hostile.contains("\\x9b31m"), hostile)
    }
}
