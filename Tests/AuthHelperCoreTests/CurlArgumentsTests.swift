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

final class CurlTokenScopeTests: XCTestCase {
    func scope(_ server: String, alsoFor: [String] = []) throws -> CurlTokenScope {
        var profile = Profile(name: "p", server: try ServerURL(parsing: server), username: "u")
        profile.alsoFor = try alsoFor.map { try ServerURL(parsing: $0) }
        return CurlTokenScope(profile: profile)
    }

    func testOnlyTheProfilesOriginsGetTheToken() throws {
        let api = try scope("https://api.example.com/v1", alsoFor: ["https://files.example.com"])
        for allowed in ["https://api.example.com/v1/users", "https://API.example.com:443/v1", "https://files.example.com/any/path"] {
            XCTAssertNoThrow(try api.check(CurlArguments(parsing: [allowed])), allowed)
        }
        for refused in [
            "http://api.example.com/v1/x", "https://api.example.com:8443/v1/x", "https://api.example.com/v2/x",
            "https://api.example.com/v1/../admin", "https://api.example.com/v1/%2e%2e/admin", "https://evil.example.com/v1/x",
            "api.example.com/v1/x", "https://api.example.com.evil.net/v1", "https://evil@{api,x}.example.com/v1",
        ] {
            XCTAssertThrowsError(try api.check(CurlArguments(parsing: ["-s", refused])), refused) { error in
                XCTAssertEqual((error as! AuthError).exitCode, 64)
                XCTAssertTrue((error as! AuthError).message.contains("also_for"), (error as! AuthError).message)
            }
        }
    }

    func testUserInformationDoesNotChangeTheHost() throws {
        let api = try scope("https://api.example.com")
        XCTAssertThrowsError(try api.check(CurlArguments(parsing: ["https://api.example.com@evil.example.com/x"])))
        XCTAssertNoThrow(try api.check(CurlArguments(parsing: ["https://someone@api.example.com/x"])))
    }

    func testARetryOnlyForTheServersOwnFirstURL() throws {
        let api = try scope("http://127.0.0.1:8000", alsoFor: ["http://127.0.0.1:9000"])
        XCTAssertTrue(api.mayRetry(CurlArguments(parsing: ["http://127.0.0.1:8000/x"])))
        XCTAssertFalse(api.mayRetry(CurlArguments(parsing: ["http://127.0.0.1:9000/x"])))
        XCTAssertFalse(api.mayRetry(CurlArguments(parsing: ["-d", "@-", "http://127.0.0.1:8000/x"])))
    }
}
