import AuthHelperCore
import XCTest

/// The one rule from a URL to a profile and audience: the longest claim among server, also_for,
/// resources and registries; a tie to the default profile where it claims by its server, any
/// other tie a configuration error; `--profile` narrows, never widens.
final class URLClaimTests: XCTestCase {
    func profile(_ name: String, _ server: String, alsoFor: [String] = [], resources: [String] = [], registries: [String] = []) throws
        -> Profile
    {
        var profile = Profile(
            name: name, server: try ServerURL(parsing: server), username: "u", alsoFor: try alsoFor.map { try ServerURL(parsing: $0) })
        profile.resources = resources
        profile.registries = registries.compactMap { RegistryName(parsing: $0) }
        return profile
    }

    func claimant(_ url: String, _ config: Config, named: String? = nil) throws -> URLClaim? {
        try URLClaim.claimant(of: try XCTUnwrap(RequestURL(url)), in: config, named: named)
    }

    func testTheLongestClaimWinsWhateverItIsBy() throws {
        let config = Config(profiles: [
            try profile("all", "https://api.example.com"),
            try profile("team", "https://id.example.com", alsoFor: ["https://api.example.com/team-a"]),
            try profile("apis", "https://id2.example.com", resources: ["https://api.example.com/team-a/special"]),
        ])
        XCTAssertEqual(try claimant("https://api.example.com/users", config)?.profile.name, "all")
        XCTAssertEqual(try claimant("https://api.example.com/team-a/x", config)?.profile.name, "team")
        let special = try XCTUnwrap(try claimant("https://API.example.com:443/team-a/special/v1", config))
        XCTAssertEqual(special.profile.name, "apis", "scheme's default port and case folded")
        XCTAssertEqual(special.resource, "https://api.example.com/team-a/special", "a resource's URL gets that resource's token")
        XCTAssertNil(try claimant("https://api.example.com.evil.test/", config))
        XCTAssertNil(try claimant("http://api.example.com/users", config), "another scheme is another origin")
        XCTAssertNil(try claimant("https://api.example.com/team-a/../../other", config)?.resource, "dot segments resolved first")
    }

    func testATieGoesToTheDefaultProfileByItsServerAndAnyOtherTieIsAnError() throws {
        var config = Config(profiles: [
            try profile("default", "https://api.example.com"),
            try profile("other", "https://id.example.com", alsoFor: ["https://api.example.com"]),
        ])
        XCTAssertEqual(try claimant("https://api.example.com/x", config)?.profile.name, "default")
        config.defaultProfile = "other"
        XCTAssertThrowsError(try claimant("https://api.example.com/x", config)) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 78)
            XCTAssertTrue((error as? AuthError)?.message.contains("'default' and 'other'") ?? false, "\(error)")
        }
        XCTAssertEqual(try claimant("https://api.example.com/x", config, named: "default")?.profile.name, "default", "--profile settles it")
    }

    func testProfileNarrowsButNeverSendsATokenWhereItsProfileHasNoClaim() throws {
        let config = Config(profiles: [try profile("work", "https://api.example.com"), try profile("home", "https://home.example.com")])
        XCTAssertNil(try claimant("https://api.example.com/", config, named: "home"))
        XCTAssertEqual(try claimant("https://home.example.com/", config, named: "home")?.profile.name, "home")
    }

    func testRegistriesClaimTheirOriginAndPlainHTTPOnlyOnLoopback() throws {
        let config = Config(profiles: [
            try profile("reg", "https://id.example.com", registries: ["registry.example.com:5000", "127.0.0.1:5000"]),
            try profile("plain", "http://api.example.com"),
        ])
        XCTAssertEqual(try claimant("https://registry.example.com:5000/v2/", config)?.profile.name, "reg")
        XCTAssertNil(try claimant("http://api.example.com/", config), "no token over plain http to another host")
    }

    func testAHostAloneIsAnsweredOnlyWhereItsClaimsNameOneProfileAndOneToken() throws {
        let origin = try XCTUnwrap(RequestURL("https://api.example.com"))
        let whole = Config(profiles: [try profile("a", "https://api.example.com/v1", alsoFor: ["https://api.example.com/b"])])
        XCTAssertEqual(URLClaim.originClaimant(of: origin, in: whole)?.profile.name, "a", "one profile, its own token, any path")
        let split = Config(profiles: [
            try profile("a", "https://api.example.com"), try profile("b", "https://id.example.com", alsoFor: ["https://api.example.com/b"]),
        ])
        XCTAssertNil(URLClaim.originClaimant(of: origin, in: split), "the path that would choose is not there")
        XCTAssertEqual(URLClaim.originClaimant(of: origin, in: split, named: "b")?.profile.name, "b", "--profile settles it")
        let twoTokens = Config(profiles: [try profile("a", "https://api.example.com", resources: ["https://api.example.com/files/"])])
        XCTAssertNil(URLClaim.originClaimant(of: origin, in: twoTokens), "the profile's own token or the resource's: not guessed")
        let resourceOnly = Config(profiles: [try profile("a", "https://id.example.com", resources: ["https://api.example.com/"])])
        XCTAssertEqual(URLClaim.originClaimant(of: origin, in: resourceOnly)?.resource, "https://api.example.com/")
        var accounts = Config(profiles: [try profile("alice", "https://api.example.com"), try profile("bob", "https://api.example.com")])
        XCTAssertNil(URLClaim.originClaimant(of: origin, in: accounts), "two accounts, neither the default")
        accounts.defaultProfile = "bob"
        XCTAssertEqual(URLClaim.originClaimant(of: origin, in: accounts)?.profile.name, "bob", "two accounts on one server: the default")
    }
}
