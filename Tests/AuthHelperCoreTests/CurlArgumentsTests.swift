import AuthHelperCore
import Foundation
import XCTest

final class CurlArgumentsTests: XCTestCase {
    func testURLsArePositionalArgumentsAndURLOptionValues() {
        let request = CurlArguments(parsing: ["-s", "-X", "POST", "-H", "Accept: x", "https://a/x", "--url", "https://b/y", "-o", "/tmp/out", "-sSLo", "/tmp/o2", "c/z"])
        XCTAssertEqual(request.urls, ["https://a/x", "https://b/y", "c/z"])
    }

    func testAValueGluedToAShortOptionOrClusterIsNotAURL() {
        XCTAssertEqual(CurlArguments(parsing: ["-dpayload", "-sd", "x=1", "https://a/"]).urls, ["https://a/"])
    }

    func testUnknownOptionsFailClosed() {
        // An option this table does not know is read as a flag: its value would be checked as a URL.
        XCTAssertEqual(CurlArguments(parsing: ["--future-option", "value", "https://a/"]).urls, ["value", "https://a/"])
    }

    func testBodySourcesAreReadFromEveryForm() {
        let request = CurlArguments(parsing: [
            "-d", "literal", "-d", "@/tmp/a", "--data-binary", "@-", "--data-urlencode", "x@/tmp/b", "--data-urlencode", "y=1@2",
            "-F", "f=@/tmp/c;type=text/plain", "-F", "g=<-", "-F", "h=plain", "-T", "/tmp/d", "--json", "{}", "-H", "@/tmp/e", "u",
        ])
        XCTAssertEqual(
            request.bodySources,
            [
                .literal, .file("/tmp/a"), .file("-"), .file("/tmp/b"), .literal, .file("/tmp/c"), .file("-"), .literal, .file("/tmp/d"), .literal,
                .file("/tmp/e"),
            ])
    }

    func testStdinByAnyNameIsNotReplayable() throws {
        let regular = FileManager.default.temporaryDirectory.appendingPathComponent("ah-body-\(UUID().uuidString)").path
        try "body".write(toFile: regular, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: regular) }
        XCTAssertTrue(CurlArguments(parsing: ["-d", "x=1", "-d", "@\(regular)", "u"]).isReplayable)
        for body in [
            ["-d", "@-"], ["-d", "@/dev/stdin"], ["--data-binary", "@/proc/self/fd/0"], ["--data-urlencode", "x@/dev/fd/0"],
            ["-T", "/dev/stdin"], ["-T", "-"], ["-T", "."], ["-F", "f=@/dev/stdin"], ["-d", "@/dev/null"],
        ] {
            XCTAssertFalse(CurlArguments(parsing: body + ["u"]).isReplayable, "\(body)")
        }
    }

    func testConfigFilesAndTrustedRedirectsAreRefused() {
        XCTAssertNotNil(CurlArguments(parsing: ["-K", "file", "u"]).refusal)
        XCTAssertNotNil(CurlArguments(parsing: ["-sK-", "u"]).refusal)
        XCTAssertNotNil(CurlArguments(parsing: ["--config", "f"]).refusal)
        XCTAssertNotNil(CurlArguments(parsing: ["--location-trusted", "u"]).refusal)
        XCTAssertNil(CurlArguments(parsing: ["-L", "u"]).refusal)
    }
}
