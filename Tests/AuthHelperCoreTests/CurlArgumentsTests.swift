import AuthHelperCore
import Foundation
import XCTest

final class CurlArgumentsTests: XCTestCase {
    func testURLsArePositionalArgumentsAndURLOptionValues() {
        let request = CurlArguments(parsing: [
            "-s", "-X", "POST", "-H", "Accept: x", "https://a/x", "--url", "https://b/y", "-o", "/tmp/out", "-sSLo", "/tmp/o2", "c/z",
        ])
        XCTAssertEqual(request.urls, ["https://a/x", "https://b/y", "c/z"])
    }

    /// The method a DPoP proof names is the one curl sends: read once, with the URLs, as curl
    /// reads it — the last `-X` wins, bundled or not (`-sX DELETE` was signed as GET).
    func testTheMethodIsReadAsCurlReadsIt() {
        for (arguments, method) in [
            (["-sX", "DELETE", "https://a/"], "DELETE"), (["-sXDELETE", "https://a/"], "DELETE"), (["-XPATCH", "https://a/"], "PATCH"),
            (["--request", "PUT", "https://a/"], "PUT"), (["-X", "POST", "-X", "DELETE", "https://a/"], "DELETE"),
            (["-sSI", "https://a/"], "HEAD"), (["--head", "--no-head", "https://a/"], "GET"), (["-T", "file", "https://a/"], "PUT"),
            (["-d", "x=1", "https://a/"], "POST"), (["-G", "-d", "x=1", "https://a/"], "GET"), (["https://a/"], "GET"),
            (["-sd", "x=1", "-X", "PUT", "https://a/"], "PUT"), (["-H", "X: -X DELETE", "https://a/"], "GET"),
        ] {
            XCTAssertEqual(CurlArguments(parsing: arguments).method, method, "\(arguments)")
        }
    }

    /// `-L`: curl would send the headers given it (a DPoP proof) to the host a redirect names.
    func testFollowingRedirectsIsNoted() {
        XCTAssertTrue(CurlArguments(parsing: ["-sL", "https://a/"]).followsRedirects)
        XCTAssertTrue(CurlArguments(parsing: ["--location", "https://a/"]).followsRedirects)
        XCTAssertFalse(CurlArguments(parsing: ["-L", "--no-location", "https://a/"]).followsRedirects)
        XCTAssertFalse(CurlArguments(parsing: ["-s", "https://a/"]).followsRedirects)
    }

    func testAValueGluedToAShortOptionOrClusterIsNotAURL() {
        XCTAssertEqual(CurlArguments(parsing: ["-dpayload", "-sd", "x=1", "https://a/"]).urls, ["https://a/"])
    }

    func testUnknownOptionsAbbreviationsAndGluedValuesAreRefusedNamingTheOption() throws {
        for (arguments, named) in [
            (["--future-option", "value", "https://a/"], "--future-option"),
            (["--user-a", "-h", "http://127.0.0.2:9/x"], "--user-agent"),  // curl reads -h as the user agent
            (["-L", "--location-t", "https://a/"], "--location-trusted"),
            (["--url=http://127.0.0.2/x"], "--url=http://127.0.0.2/x"),
            (["--config=/tmp/c"], "--config=/tmp/c"),
            (["-sZ%", "https://a/"], "-%"),
            (["--no-url", "x"], "--no-url"),
        ] {
            let refusal = try XCTUnwrap(CurlArguments(parsing: arguments).refusal, "\(arguments)")
            XCTAssertTrue(refusal.contains(named), "\(arguments): \(refusal)")
        }
    }

    func testValuedOptionsTakeTheNextArgumentSoAURLAfterThemIsChecked() {
        // -x (--proxy) takes a value: "-h" is the proxy, not a request for help.
        let proxied = CurlArguments(parsing: ["--noproxy", "127.0.0.2", "-x", "-h", "http://127.0.0.2:9/x"])
        XCTAssertEqual(proxied.urls, ["http://127.0.0.2:9/x"])
        XCTAssertFalse(proxied.printsOnly)
        XCTAssertNil(proxied.refusal)
        for option in ["--preproxy", "--proxy1.0", "--proxy"] {
            XCTAssertEqual(CurlArguments(parsing: [option, "-h", "u"]).urls, ["u"], option)
        }
    }

    func testLongOptionsAreReadInAnyCaseAndNegatedBooleansAreFlags() {
        XCTAssertNotNil(CurlArguments(parsing: ["--LOCATION-TRUSTED", "u"]).refusal)
        XCTAssertEqual(CurlArguments(parsing: ["--URL", "http://127.0.0.2/", "x"]).urls, ["http://127.0.0.2/", "x"])
        let negated = CurlArguments(parsing: ["--no-location", "--no-progress-meter", "--no-location-trusted", "u"])
        XCTAssertNil(negated.refusal)
        XCTAssertEqual(negated.urls, ["u"])
    }

    func testHelpManualAndVersionOnlyPrint() {
        XCTAssertTrue(CurlArguments(parsing: ["--help", "all"]).printsOnly)
        XCTAssertTrue(CurlArguments(parsing: ["-sV"]).printsOnly)
        XCTAssertTrue(CurlArguments(parsing: ["--manual"]).printsOnly)
        XCTAssertFalse(CurlArguments(parsing: ["-A", "-h", "u"]).printsOnly, "-h is the user agent here")
        XCTAssertFalse(CurlArguments(parsing: ["--user-a", "-h", "u"]).printsOnly, "reading stops at the refused abbreviation")
    }

    func testVariablesExpansionsAndRedirectingOptionsAreRefused() {
        for arguments in [
            ["--variable", "x=127.0.0.2", "--expand-url", "http://{{x}}/"], ["--expand-url", "u"],
            ["--connect-to", "a:80:127.0.0.2:80", "u"],
            ["--resolve", "a:80:127.0.0.2", "u"], ["--unix-socket", "/tmp/s", "u"], ["--request-target", "/x", "u"], ["--path-as-is", "u"],
        ] {
            XCTAssertNotNil(CurlArguments(parsing: arguments).refusal, "\(arguments)")
        }
    }

    func testTheTerminatorMakesEverythingAfterItAURL() {
        XCTAssertEqual(CurlArguments(parsing: ["-s", "--", "-x", "--url"]).urls, ["-x", "--url"])
    }

    func testBodySourcesAreReadFromEveryForm() {
        let request = CurlArguments(parsing: [
            "-d", "literal", "-d", "@/tmp/a", "--data-binary", "@-", "--data-urlencode", "x@/tmp/b", "--data-urlencode", "y=1@2",
            "-F", "f=@/tmp/c;type=text/plain", "-F", "g=<-", "-F", "h=plain", "-T", "/tmp/d", "--json", "{}", "-H", "@/tmp/e", "u",
        ])
        XCTAssertEqual(
            request.bodySources,
            [
                .literal, .file("/tmp/a"), .file("-"), .file("/tmp/b"), .literal, .file("/tmp/c"), .file("-"), .literal, .file("/tmp/d"),
                .literal,
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
