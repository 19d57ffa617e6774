import AuthHelperCore
import XCTest

/// RFC 7591: authhelper registers as a public native client; a device grant the server refuses
/// at registration is dropped and said; a refusal names the way on.
final class ClientRegistrationTests: XCTestCase {
    let endpoint = try! EndpointURL(parsing: "https://auth.example.test/register")

    func register(_ transport: ScriptedTransport, device: Bool = false, messages: RecordedMessages = RecordedMessages()) throws
        -> ClientRegistration.Registered
    {
        try ClientRegistration(transport: transport, diagnostics: Diagnostics(verbose: false, sink: messages)).register(
            at: endpoint, redirectURI: "http://127.0.0.1:8400/callback", askForDeviceGrant: device, allowInsecureHTTP: false)
    }

    func testAPublicNativeClientIsRegisteredAndItsTokenKept() throws {
        let transport = ScriptedTransport()
        transport.answer(
            201,
            #"{"client_id":"c-1","registration_access_token":"rat-0123456789abcdef","grant_types":["authorization_code","refresh_token"]}"#)
        let registered = try register(transport)
        XCTAssertEqual(registered.clientID, "c-1")
        XCTAssertEqual(registered.registrationAccessToken, "rat-0123456789abcdef")
        let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(transport.sent[0].body)) as? [String: Any])
        XCTAssertEqual(body["token_endpoint_auth_method"] as? String, "none")
        XCTAssertEqual(body["redirect_uris"] as? [String], ["http://127.0.0.1:8400/callback"])
        XCTAssertEqual(body["grant_types"] as? [String], ["authorization_code", "refresh_token"])
        XCTAssertEqual(body["application_type"] as? String, "native")
    }

    func testADeviceGrantRefusedAtRegistrationIsDroppedAndSaid() throws {
        let transport = ScriptedTransport()
        transport.answer(400, #"{"error":"invalid_client_metadata","error_description":"grant_types must have one of …"}"#)
        transport.answer(200, #"{"client_id":"c-2","grant_types":["authorization_code","refresh_token"]}"#)
        let messages = RecordedMessages()
        let registered = try register(transport, device: true, messages: messages)
        XCTAssertEqual(registered.clientID, "c-2")
        XCTAssertEqual(transport.sent.count, 2)
        XCTAssertTrue(String(decoding: transport.sent[0].body, as: UTF8.self).contains("device_code"))
        XCTAssertFalse(String(decoding: transport.sent[1].body, as: UTF8.self).contains("device_code"))
        XCTAssertTrue(messages.all.contains("refused it at registration"), messages.all)
    }

    func testARefusalNamesTheWayOnAndAnAnswerWithoutClientIDIs65() throws {
        let refused = ScriptedTransport()
        refused.answer(403, #"{"error":"access_denied"}"#)
        XCTAssertThrowsError(try register(refused)) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 77)
            XCTAssertTrue((error as? AuthError)?.message.contains("--client-id") == true, "\(error)")
        }
        let empty = ScriptedTransport()
        empty.answer(201, #"{"client_name":"authhelper"}"#)
        XCTAssertThrowsError(try register(empty)) { XCTAssertEqual(($0 as? AuthError)?.exitCode, 65) }
    }
}
