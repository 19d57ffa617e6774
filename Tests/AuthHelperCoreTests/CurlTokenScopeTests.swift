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
}
