import AuthHelperCore
import XCTest

final class StoredSessionTests: XCTestCase {
    func testStoredSessionRoundTrip() {
        let session = StoredSession(refreshToken: "r", clientSecret: "s", accessToken: "a", accessExpiresAt: 10, accessObtainedAt: 5)
        XCTAssertEqual(StoredSession(serialized: session.serialized), session)
        XCTAssertNil(StoredSession(serialized: "not json"))
        XCTAssertNil(StoredSession(serialized: #"{"version":99,"refresh_token":"r"}"#))
    }
}
