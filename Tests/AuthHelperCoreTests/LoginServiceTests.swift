import AuthHelperCore
import XCTest

/// `login` against the in-memory store, a scripted server and scripted standard input: what is
/// checked before a password is sent, and what is kept after.
final class LoginServiceTests: XCTestCase {
    let now: Int64 = 1_000_000

    func testAPasswordFromStdinLogsInAndOnlyTheSessionIsKept() throws {
        let harness = try CoreHarness(session: nil, now: now)
        // Discovery first (no issuer here: the seed API's login is the contract's), then the login.
        harness.transport.answer(404, "")
        harness.transport.answer(404, "")
        harness.transport.answer(200, ScriptedTransport.grant(access: "a1", refresh: "r1", expiresIn: 3600))
        let outcome = try LoginService(context: harness.context(input: "s3cret-password\n")).login(LoginOptions(passwordFromStdin: true))
        XCTAssertEqual(harness.transport.sent.map(\.method), [.get, .get, .post], "the password only after discovery")
        XCTAssertEqual(outcome.profile.name, "default")
        XCTAssertEqual(harness.store.session?.refreshToken, "r1")
        XCTAssertEqual(harness.store.session?.accessToken, "a1")
        XCTAssertNil(harness.store.session?.password, "no password is kept without --remember-password")
        let form = String(decoding: try XCTUnwrap(harness.transport.sent.last).body, as: UTF8.self)
        XCTAssertTrue(form.contains("password=s3cret-password"), form)
        let config = try String(contentsOfFile: harness.directory + "/config/authhelper/config.toml", encoding: .utf8)
        XCTAssertFalse(config.contains("s3cret-password") || config.contains("r1"), "the config holds no secret: \(config)")
    }

    /// A profile that logged in with a browser, logged in again with `--username` at a terminal:
    /// the typed flags win, it is a password login, and the profile now records that.
    func testTypedUsernameWinsOverTheRecordedBrowserGrant() throws {
        let harness = try CoreHarness(
            session: nil, now: now,
            profileLines: """
                grant = "browser"
                client_id = "cli"
                token_url = "http://127.0.0.1:9/oauth/token"
                authorization_url = "http://127.0.0.1:9/oauth/authorize"
                """)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a1", refresh: "r1", expiresIn: 3600))
        let person = ScriptedPerson(["typed-password"])
        _ = try LoginService(context: harness.context(prompter: person)).login(LoginOptions(username: "demo"))
        let form = String(decoding: try XCTUnwrap(harness.transport.sent.first).body, as: UTF8.self)
        XCTAssertTrue(form.contains("password=typed-password"), form)
        let config = try String(contentsOfFile: harness.directory + "/config/authhelper/config.toml", encoding: .utf8)
        XCTAssertFalse(config.contains("grant = \"browser\""), config)
        XCTAssertTrue(
            harness.messages.all.contains("logged in with this machine's browser (--browser); as typed, it now logs in with a password"),
            "what changed is said: \(harness.messages.all)")
    }

    func testEmptyStandardInputSendsNothing() throws {
        let harness = try CoreHarness(session: nil, now: now)
        XCTAssertThrowsError(try LoginService(context: harness.context(input: "")).login(LoginOptions(passwordFromStdin: true))) {
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 64)
        }
        XCTAssertFalse(harness.transport.sent.contains { $0.method == .post }, "nothing sent but discovery's questions")
        XCTAssertNil(harness.store.session)
    }

    func testARememberedPasswordIsRefusedWithTheFileStoreBeforeAnythingIsSent() throws {
        let harness = try CoreHarness(session: nil, now: now, profileLines: "store = \"file\"")
        let options = LoginOptions(passwordFromStdin: true, rememberPassword: true)
        XCTAssertThrowsError(try LoginService(context: harness.context(input: "pw\n")).login(options)) { error in
            XCTAssertEqual((error as? AuthError)?.exitCode, 64)
            XCTAssertTrue((error as? AuthError)?.message.contains("unencrypted on disk") == true, "\(error)")
        }
        XCTAssertEqual(harness.transport.sent.count, 0)
    }
}
