import WarmPath
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

    /// A claim answers a request for the same registry in any form, except a plain-http request
    /// off loopback for a registry the config speaks https to; it keeps its own scheme.
    func testAClaimAnswersEveryFormButPlainHTTPOffLoopbackUnlessItIsPlainHTTPItself() throws {
        let secure = try XCTUnwrap(RegistryName(parsing: "registry.example"))
        let plainClaim = try XCTUnwrap(RegistryName(parsing: "http://registry.example"))
        let loopback = try XCTUnwrap(RegistryName(parsing: "127.0.0.1:5000"))
        let ask = { (text: String) in RegistryName(parsing: text)! }
        XCTAssertTrue(secure.answers(ask("registry.example")))
        XCTAssertTrue(secure.answers(ask("https://REGISTRY.example/v2/")))
        XCTAssertFalse(secure.answers(ask("http://registry.example")), "the token would cross the network in plain http")
        XCTAssertTrue(plainClaim.answers(ask("http://registry.example")), "the config allowed it")
        XCTAssertTrue(plainClaim.answers(ask("registry.example")))
        XCTAssertTrue(loopback.answers(ask("http://127.0.0.1:5000")), "loopback")
        XCTAssertFalse(loopback.answers(ask("127.0.0.1:5001")))
        XCTAssertEqual(plainClaim.claimText, "http://registry.example")
        XCTAssertEqual(secure.claimText, "registry.example")
        XCTAssertEqual(RegistryName(parsing: plainClaim.claimText), plainClaim, "a record reads back as the claim")
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
