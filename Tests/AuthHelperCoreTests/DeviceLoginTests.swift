import Foundation
import XCTest

@testable import AuthHelperCore

/// The device login's polling loop (RFC 8628 §3.4–3.5), run as the re-login of a profile whose
/// session has ended, against a scripted server and a clock that moves only when the loop waits.
final class DeviceLoginTests: XCTestCase {
    static let profileLines = """
        grant = "device"
        token_url = "http://127.0.0.1:9/token"
        device_authorization_url = "http://127.0.0.1:9/device"
        """

    func harness() throws -> CoreHarness {
        let harness = try CoreHarness(
            session: CoreHarness.session(
                refresh: "refresh-token-old-0123456789", access: "old", obtained: 1_000_000 - 7200, lifetime: 3600),
            cache: false, profileLines: Self.profileLines)
        // The refresh token is refused: the session has ended.
        harness.transport.answer(400, #"{"error":"invalid_grant"}"#)
        return harness
    }

    func authorization(expiresIn: Int = 600, interval: Int? = 5) -> String {
        #"{"device_code":"device-code-secret-0123456789","user_code":"WDJB-MJHT","verification_uri":"https://example.com/device","verification_uri_complete":"https://example.com/device?user_code=WDJB-MJHT","expires_in":\#(expiresIn)\#(interval.map { #","interval":\#($0)"# } ?? "")}"#
    }

    let granted =
        #"{"access_token":"new-access-token-0123456789","refresh_token":"new-refresh-token-0123456789","token_type":"Bearer","expires_in":3600}"#

    func testPendingKeepsWaitingSlowDownAddsFiveSecondsAndTheGrantIsStored() throws {
        let harness = try harness()
        harness.transport.answer(200, authorization())
        harness.transport.answer(400, #"{"error":"authorization_pending"}"#)
        harness.transport.answer(400, #"{"error":"slow_down"}"#)
        harness.transport.answer(400, #"{"error":"authorization_pending"}"#)
        harness.transport.answer(200, granted)
        let person = ScriptedPerson([])
        let token = try TokenService(context: harness.context(prompter: person)).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "new-access-token-0123456789")
        XCTAssertEqual(harness.clock.slept.withLock { $0 }, [5, 5, 10, 10], "interval 5, then 10 after slow_down")
        XCTAssertEqual(harness.store.session?.refreshToken, "new-refresh-token-0123456789")
        let told = person.told.withLock { $0.joined() }
        XCTAssertTrue(told.contains("https://example.com/device?user_code=WDJB-MJHT"), told)
        XCTAssertTrue(told.contains("WDJB-MJHT"))
        XCTAssertFalse(told.contains("device-code-secret"), "the device code is never shown")
        let polls = harness.transport.sent.dropFirst(2)
        XCTAssertTrue(
            polls.allSatisfy {
                String(decoding: $0.body, as: UTF8.self).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code")
            })
    }

    func testTheLoopStopsAtExpiresInWith75() throws {
        let harness = try harness()
        harness.transport.answer(200, authorization(expiresIn: 12))
        for _ in 0..<5 { harness.transport.answer(400, #"{"error":"authorization_pending"}"#) }
        XCTAssertThrowsError(try TokenService(context: harness.context(prompter: ScriptedPerson([]))).freshToken(.standard)) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 75)
            XCTAssertTrue((error as? AuthError)?.message.contains("expired after 12 s") == true)
        }
        XCTAssertEqual(harness.transport.sent.count, 2 + 2, "polled at 5 s and 10 s; at 15 s the code had expired")
        XCTAssertNil(harness.store.session, "the ended session was removed and nothing new stored")
    }

    func testAccessDeniedIs77AndTheDefaultIntervalIsFive() throws {
        let harness = try harness()
        harness.transport.answer(200, authorization(interval: nil))
        harness.transport.answer(400, #"{"error":"access_denied"}"#)
        XCTAssertThrowsError(try TokenService(context: harness.context(prompter: ScriptedPerson([]))).freshToken(.standard)) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 77)
        }
        XCTAssertEqual(harness.clock.slept.withLock { $0 }, [5])
    }

    func testWithoutATerminalTheEndedSessionIs77AndNoDeviceLoginStarts() throws {
        let harness = try harness()
        XCTAssertThrowsError(try TokenService(context: harness.context()).freshToken(.standard)) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 77)
        }
        XCTAssertEqual(harness.transport.sent.count, 1, "only the refused refresh")
    }

    func testAHostileDeviceAnswerIsRefused() {
        let escape = #"{"device_code":"d","user_code":"AB\u001b[31m","verification_uri":"https://example.com/device","expires_in":600}"#
        XCTAssertThrowsError(try DeviceAuthorization.parse(Array(escape.utf8), url: "u")) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 65)
        }
        let notHTTP = #"{"device_code":"d","user_code":"ABCD","verification_uri":"javascript:alert(1)","expires_in":600}"#
        XCTAssertThrowsError(try DeviceAuthorization.parse(Array(notHTTP.utf8), url: "u"))
        let parsed = try? DeviceAuthorization.parse(
            Array(#"{"device_code":"d","user_code":"ABCD","verification_url":"https://example.com/d","expires_in":600,"interval":0}"#.utf8),
            url: "u")
        XCTAssertEqual(parsed?.verificationURI, "https://example.com/d", "Google's spelling")
        XCTAssertEqual(parsed?.interval, 1, "an interval below 1 s is raised to 1")
    }
}
