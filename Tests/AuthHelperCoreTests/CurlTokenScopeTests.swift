import AuthHelperCore
import XCTest

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

    func profile(resources: [String], alsoFor: [String] = [], insecure: Bool = false) throws -> Profile {
        var profile = Profile(
            name: "p", server: try ServerURL(parsing: "https://api.example.com"), username: "u", allowInsecureHTTP: insecure)
        profile.alsoFor = try alsoFor.map { try ServerURL(parsing: $0) }
        profile.resources = resources
        return profile
    }

    /// Round four, item 3: a token asked for one API goes to that API only.
    func testATokenForOneAPIIsNotSentToAnother() throws {
        let scope = CurlTokenScope(profile: try profile(resources: ["https://a.example/", "https://b.example/"]))
        let asked = try Audience(resources: ["https://a.example/"], scope: nil)
        XCTAssertNoThrow(try scope.check(CurlArguments(parsing: ["https://a.example/x"]), asked: asked))
        XCTAssertThrowsError(try scope.check(CurlArguments(parsing: ["https://b.example/x"]), asked: asked)) { error in
            let message = (error as! AuthError).message
            XCTAssertEqual((error as! AuthError).exitCode, 64)
            XCTAssertTrue(message.contains("https://a.example/") && message.contains("https://b.example/x"), message)
        }
        XCTAssertThrowsError(try scope.check(CurlArguments(parsing: ["https://api.example.com/x"]), asked: asked), "the server too")
    }

    /// Item 3: one curl, one token: URLs on a resource and on an also_for origin are refused.
    func testOneCurlSendsOneAudiencesToken() throws {
        let scope = CurlTokenScope(profile: try profile(resources: ["https://a.example/"], alsoFor: ["https://files.example.com"]))
        XCTAssertNoThrow(try scope.check(CurlArguments(parsing: ["https://files.example.com/x", "https://api.example.com/y"])))
        XCTAssertThrowsError(try scope.check(CurlArguments(parsing: ["https://a.example/x", "https://files.example.com/y"]))) { error in
            XCTAssertTrue((error as! AuthError).message.contains("one token"), (error as! AuthError).message)
        }
    }

    /// Item 3: where resources nest, the longest matching prefix chooses.
    func testNestedResourcesTheLongestPrefixWins() throws {
        for resources in [["https://x.example/", "https://x.example/special"], ["https://x.example/special", "https://x.example/"]] {
            let profile = try profile(resources: resources)
            XCTAssertEqual(
                profile.resource(for: try XCTUnwrap(RequestURL("https://x.example/special/report"))), "https://x.example/special")
            XCTAssertEqual(profile.resource(for: try XCTUnwrap(RequestURL("https://x.example/other"))), "https://x.example/")
        }
    }

    /// Item 2: the plain-http rule at use, for origins that reached a profile without the config
    /// reader's check (an agent's `also_for`): a token never goes over plain http to another host.
    func testPlainHTTPToAnotherHostIsRefusedAtUse() throws {
        let scope = CurlTokenScope(profile: try profile(resources: [], alsoFor: ["http://files.example.com"]))
        XCTAssertThrowsError(try scope.check(CurlArguments(parsing: ["http://files.example.com/report"])))
        let allowed = CurlTokenScope(profile: try profile(resources: [], alsoFor: ["http://files.example.com"], insecure: true))
        XCTAssertNoThrow(try allowed.check(CurlArguments(parsing: ["http://files.example.com/report"])))
        let loopback = CurlTokenScope(profile: try profile(resources: [], alsoFor: ["http://127.0.0.2:8080"]))
        XCTAssertNoThrow(try loopback.check(CurlArguments(parsing: ["http://127.0.0.2:8080/report"])))
    }
}
