import AuthHelperCore
import XCTest

final class StoredSessionTests: XCTestCase {
    func testStoredSessionRoundTrip() {
        let session = StoredSession(refreshToken: "r", clientSecret: "s", accessToken: "a", accessExpiresAt: 10, accessObtainedAt: 5)
        XCTAssertEqual(StoredSession(serialized: session.serialized), session)
        XCTAssertNil(StoredSession(serialized: "not json"))
        XCTAssertNil(StoredSession(serialized: #"{"version":99,"refresh_token":"r"}"#))
    }

    func testASessionRemembersWhereItWasIssuedAndOnlyThatProfileOwnsIt() throws {
        var profile = Profile(name: "p", server: try ServerURL(parsing: "https://api.example.com/v1"), username: "u", clientID: "cli")
        profile.tokenURL = try EndpointURL(parsing: "https://login.example.com/o/token/")
        let binding = profile.sessionBinding
        XCTAssertEqual(binding, SessionBinding(tokenOrigin: "https://login.example.com:443", clientID: "cli"))
        let session = StoredSession(refreshToken: "r", clientSecret: "s", binding: binding)
        let read = try XCTUnwrap(StoredSession(serialized: session.serialized))
        XCTAssertEqual(read, session)
        XCTAssertTrue(profile.owns(read))
        var repointed = profile
        repointed.tokenURL = try EndpointURL(parsing: "https://other.example.com/token")
        XCTAssertFalse(repointed.owns(read), "another token endpoint origin")
        var otherClient = profile
        otherClient.clientID = "someone-else"
        XCTAssertFalse(otherClient.owns(read), "another client")
        XCTAssertTrue(repointed.owns(StoredSession(refreshToken: "r")), "a session from before bindings is taken as the profile's")
        var samePlace = profile
        samePlace.tokenURL = try EndpointURL(parsing: "https://LOGIN.example.com:443/another/path")
        XCTAssertTrue(samePlace.owns(read), "the same origin, another path")
    }
}
