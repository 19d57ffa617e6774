import AuthHelperCore
import XCTest

final class DiagnosticsTests: XCTestCase {
    func testTokensAreRedactedButOrdinaryWordsNever() {
        let diagnostics = Diagnostics(verbose: true)
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
        diagnostics.registerToken(token)
        diagnostics.registerToken("alice")
        diagnostics.registerToken("http")
        diagnostics.registerToken("aaaaaaaaaaaaaaaaaaaa")
        XCTAssertEqual(diagnostics.redact("sent \(token) as alice to http://x"), "sent [redacted] as alice to http://x")
        XCTAssertEqual(diagnostics.redact("aaaaaaaaaaaaaaaaaaaa"), "aaaaaaaaaaaaaaaaaaaa", "one letter repeated is not a token")
    }
}
