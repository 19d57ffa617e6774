import AuthHelperCore
import XCTest

/// What the laptop's agent serves: only forwarded profiles, through the refresh discipline, and
/// no refresh per call for a remote that asks too often.
final class AgentServiceTests: XCTestCase {
    let now: Int64 = 1_000_000

    func testOnlyAProfileThatOptedInIsServed() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
        let answer = AgentService(context: harness.context()).answer(AgentProtocol.Request(operation: .token))
        guard case .failure(let exit, let message) = answer else { return XCTFail("served: \(answer)") }
        XCTAssertEqual(exit, 77)
        XCTAssertTrue(message.contains("forward = true"), message)
        let missing = AgentService(context: harness.context()).answer(AgentProtocol.Request(operation: .profile, profile: "other"))
        XCTAssertEqual(
            missing,
            .failure(
                exit: 77,
                message: "There is no profile 'other' on the laptop; log in there with `authhelper login --forward --profile other`."))
    }

    func testAForwardedProfileIsDescribedAndServedItsAccessToken() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now,
            profileLines: "forward = true\nalso_for = [\"https://files.example.com\"]")
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        let service = AgentService(context: harness.context())
        let expected = AgentProtocol.ForwardedProfile(
            name: "default", server: "http://127.0.0.1:9", alsoFor: ["https://files.example.com"], username: "demo")
        XCTAssertEqual(service.answer(AgentProtocol.Request(operation: .profile)), .profile(expected))
        XCTAssertEqual(
            service.answer(AgentProtocol.Request(operation: .token)),
            .token(expected, CachedToken(accessToken: "a2", expiresAt: now + 3600, obtainedAt: now)))
        XCTAssertEqual(harness.store.session?.refreshToken, "r2", "the expired token was refreshed and the pair stored")
    }

    func testARemoteThatAsksTooOftenGetsTheTokenJustObtainedNotARefreshPerCall() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 100), now: now,
            profileLines: "forward = true")
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 100))
        let service = AgentService(context: harness.context())
        // A promise beyond the server's lifetime, three times within the interval: one refresh.
        for _ in 0..<3 {
            guard case .token(_, let token) = service.answer(AgentProtocol.Request(operation: .token, minTTL: 999)) else {
                return XCTFail("no token")
            }
            XCTAssertEqual(token.accessToken, "a2")
        }
        // A token said to be refused, just obtained: not refreshed again within the interval.
        guard case .token(_, let same) = service.answer(AgentProtocol.Request(operation: .token, rejected: "a2")) else {
            return XCTFail("no token")
        }
        XCTAssertEqual(same.accessToken, "a2")
        XCTAssertEqual(harness.transport.sent.count, 1)
        // After the interval, a refused token is replaced.
        harness.clock.advance(CredentialBroker.forwardingRefreshInterval)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a3", refresh: "r3", expiresIn: 100))
        guard case .token(_, let replaced) = service.answer(AgentProtocol.Request(operation: .token, rejected: "a2")) else {
            return XCTFail("no token")
        }
        XCTAssertEqual(replaced.accessToken, "a3")
        XCTAssertEqual(harness.transport.sent.count, 2)
        // One that is not the current token is answered with the current one, without a refresh.
        guard case .token(_, let current) = service.answer(AgentProtocol.Request(operation: .token, rejected: "someone-elses")) else {
            return XCTFail("no token")
        }
        XCTAssertEqual(current.accessToken, "a3")
        XCTAssertEqual(harness.transport.sent.count, 2)
    }
}
