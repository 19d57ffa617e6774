import AuthHelperCore
import XCTest

/// Every form the container tools send names one registry: the host in lower case, the port
/// unless it is https's 443, no scheme, no path; anything else names none.
final class RegistryNameTests: XCTestCase {
    func testEveryFormTheToolsSendHasOneNormalForm() {
        for (text, description, plain) in [
            ("ghcr.io", "ghcr.io", false), ("GHCR.io", "ghcr.io", false), ("https://ghcr.io/v2/", "ghcr.io", false),
            ("HTTPS://Ghcr.IO:443", "ghcr.io", false), ("127.0.0.1:5000", "127.0.0.1:5000", false),
            ("http://127.0.0.1:5000", "127.0.0.1:5000", true), ("http://127.0.0.1:443", "127.0.0.1:443", true),
            ("https://index.docker.io/v1/", "index.docker.io", false), ("[::1]", "[::1]", false), ("[::1]:5000", "[::1]:5000", false),
            ("registry:+80", "registry:80", false),
        ] {
            let name = RegistryName(parsing: text)
            XCTAssertEqual(name?.description, description, text)
            XCTAssertEqual(name?.plainHTTP, plain, text)
        }
    }

    func testWhatNamesNoRegistryIsRefused() {
        for text in [
            "", "https://", "ftp://ghcr.io", "user@ghcr.io", "ghcr.io:0", "ghcr.io:65536", "ghcr.io:port", "gh cr.io", "ghcr.io\n",
            "ghçr.io", "ghcr.io\\x", "\"ghcr.io\"", ":5000", String(repeating: "a", count: 256),
        ] {
            XCTAssertNil(RegistryName(parsing: text), text)
        }
    }
}

/// JSON's escapes, once for every writer (the registry reply, the core's JSON, TOML strings).
final class JSONStringTests: XCTestCase {
    func testQuotingEscapesWhatJSONAndTOMLNeed() {
        XCTAssertEqual(JSONString.quoted("plain-token.123"), #""plain-token.123""#)
        XCTAssertEqual(JSONString.quoted("a\"b\\c\nd\re\tf\u{01}g"), #""a\"b\\c\nd\re\tf\u0001g""#)
        XCTAssertEqual(JSONString.quoted("del\u{7F}"), "\"del\u{7F}\"")
        XCTAssertEqual(JSONString.quoted("del\u{7F}", escapingDelete: true), #""del\u007f""#)
        XCTAssertEqual(JSONString.quoted("été ✓ \u{1F600}"), "\"été ✓ \u{1F600}\"", "non-ASCII passes whole")
        XCTAssertEqual(JSONString.quoted("é\n"), #""é\n""#)
    }
}
