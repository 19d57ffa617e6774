import AuthHelperCore
import XCTest

/// The agent's one-line JSON requests and answers: what crosses, and what is refused.
final class AgentProtocolTests: XCTestCase {
    func testARequestRoundTripsAndOnlyKnownShapesAreRead() throws {
        let request = AgentProtocol.Request(operation: .token, profile: "work", minTTL: 300, rejected: "old")
        XCTAssertTrue(request.line.hasSuffix("\n"))
        XCTAssertEqual(try AgentProtocol.Request(parsing: Array(request.line.dropLast().utf8)), request)
        let minimal = try AgentProtocol.Request(parsing: Array(#"{"authhelper_agent":1,"op":"profile"}"#.utf8))
        XCTAssertEqual(minimal, AgentProtocol.Request(operation: .profile))
        let refused: [(String, String)] = [
            ("not json", "not a JSON object"), ("[1]", "not a JSON object"), (#"{"op":"token"}"#, "no protocol version"),
            (#"{"authhelper_agent":2,"op":"token"}"#, "speaks protocol 2"),
            (#"{"authhelper_agent":1,"op":"refresh_token"}"#, "no known operation"),
            (#"{"authhelper_agent":1,"op":"token","min_ttl":-1}"#, "min_ttl"),
            (#"{"authhelper_agent":1,"op":"token","profile":7}"#, "profile must be"),
            (#"{"authhelper_agent":1,"op":"token","rejected":""}"#, "rejected must be"),
        ]
        for (text, reason) in refused {
            XCTAssertThrowsError(try AgentProtocol.Request(parsing: Array(text.utf8)), text) { error in
                XCTAssertTrue((error as? AgentProtocol.Refusal)?.reason.contains(reason) == true, "\(text): \(error)")
            }
        }
        XCTAssertThrowsError(try AgentProtocol.Request(parsing: [UInt8](repeating: 0x20, count: AgentProtocol.maxRequest + 1)))
    }

    func testAnAnswerCarriesAnAccessTokenAndTheProfilesNameServerAndAlsoForOnly() throws {
        let profile = AgentProtocol.ForwardedProfile(
            name: "work", server: "https://api.example.com", alsoFor: ["https://files.example.com"], username: "ada")
        let token = CachedToken(accessToken: "a1", expiresAt: 2000, obtainedAt: 1000)
        let answer = AgentProtocol.Answer.token(profile, token)
        let json = try JSONValue.parse(String(answer.line.dropLast()))
        guard case .object(let members) = json else { return XCTFail("not an object") }
        XCTAssertEqual(
            Set(members.map(\.0)),
            ["authhelper_agent", "profile", "server", "username", "also_for", "access_token", "expires_at", "obtained_at"],
            "nothing else crosses: no refresh token, client secret or password field exists")
        XCTAssertEqual(try AgentProtocol.Answer(parsing: Array(answer.line.dropLast().utf8)), answer)
        let failure = AgentProtocol.Answer.failure(exit: 77, message: "Profile 'x' is not forwarded")
        XCTAssertEqual(try AgentProtocol.Answer(parsing: Array(failure.line.dropLast().utf8)), failure)
        // An exit status outside the contract's is read as 69.
        let odd = try AgentProtocol.Answer(parsing: Array(#"{"authhelper_agent":1,"exit":0,"error":"?"}"#.utf8))
        XCTAssertEqual(odd, .failure(exit: 69, message: "?"))
    }
}
