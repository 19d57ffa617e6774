import AuthHelperCore
import XCTest

/// A login refusal that a scope could fix names the scopes the server's metadata lists.
final class ScopeAdviceTests: XCTestCase {
    let bare400 = AuthError.notPermitted(
        "The server refused the credentials or the request (HTTP 400, without an explanation); nothing was stored. No scope was "
            + "asked for. If the server needs a scope for this client, give --scope. Else check the username, password and client ID.")

    func testTheHintNamesTheListedScopesWithOpenIDFirst() {
        let named = OAuthError.namingScopes(bare400, ["profile", "openid", "email", "offline_access"])
        XCTAssertEqual(named.exitCode, 77, "the same refusal")
        XCTAssertTrue(named.message.contains("The server lists the scopes profile openid email offline_access"), named.message)
        XCTAssertTrue(named.message.contains("e.g. --scope 'openid profile'"), named.message)
        XCTAssertFalse(named.message.contains("give --scope."), named.message)
    }

    /// A bare 400 to a login that asked for no scope leads with the scope, then the credentials.
    func testABare400WithoutAScopeLeadsWithTheScope() throws {
        let harness = try CoreHarness(
            session: nil, now: 1_000_000, profileLines: "client_id = \"cli\"\ntoken_url = \"http://127.0.0.1:9/oauth/token\"")
        harness.transport.answer(400, "")
        harness.transport.answer(400, "")  // the second try, without client_id
        XCTAssertThrowsError(try LoginService(context: harness.context(input: "pw\n")).login(LoginOptions(passwordFromStdin: true))) {
            let message = ($0 as? AuthError)?.message ?? ""
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 77)
            let scope = try? XCTUnwrap(message.range(of: "give --scope"))
            let password = try? XCTUnwrap(message.range(of: "password"))
            XCTAssertTrue(scope != nil && password != nil && scope!.lowerBound < password!.lowerBound, message)
        }
    }

    /// A public client's password refused bare, also without client_id: the logins without a
    /// password the server offers come before the password; a refused public client ID gets no
    /// client-secret advice.
    func testAPublicClientsRefusalLeadsWithTheBrowserLoginsAndNeverAdvisesASecret() throws {
        let harness = try CoreHarness(
            session: nil, now: 1_000_000,
            profileLines: """
                client_id = "cli"
                scope = "openid"
                token_url = "http://127.0.0.1:9/oauth/token"
                device_authorization_url = "http://127.0.0.1:9/oauth/device"
                """)
        harness.transport.answer(403, "")
        harness.transport.answer(403, "")
        XCTAssertThrowsError(try LoginService(context: harness.context(input: "pw\n")).login(LoginOptions(passwordFromStdin: true))) {
            let message = ($0 as? AuthError)?.message ?? ""
            XCTAssertTrue(message.contains("also without client_id"), message)
            let device = try? XCTUnwrap(message.range(of: "authhelper login --device"))
            let password = try? XCTUnwrap(message.range(of: "password and client ID"))
            XCTAssertTrue(device != nil && password != nil && device!.lowerBound < password!.lowerBound, message)
        }
        let invalidClient = try XCTUnwrap(OAuthError(Array(#"{"error":"invalid_client"}"#.utf8)))
        XCTAssertFalse(invalidClient.loginError(clientID: "cli", secretSent: false).message.contains("with-client-secret"))
        XCTAssertTrue(invalidClient.loginError(clientID: "cli", secretSent: true).message.contains("with-client-secret"))
    }

    func testWithoutListedScopesOrWithoutTheHintNothingChanges() {
        XCTAssertEqual(OAuthError.namingScopes(bare400, []), bare400)
        let other = AuthError.notPermitted("The server rejected the username or password (invalid_grant); nothing was stored.")
        XCTAssertEqual(OAuthError.namingScopes(other, ["openid"]), other)
    }

    func testInvalidScopeIsAScopeRefusal() throws {
        let error = try XCTUnwrap(OAuthError(Array(#"{"error":"invalid_scope","error_description":"unknown scope: api"}"#.utf8)))
        let named = OAuthError.namingScopes(error.loginError(clientID: "cli"), ["openid", "api.read"])
        XCTAssertEqual(named.exitCode, 77)
        XCTAssertTrue(named.message.contains("invalid_scope: unknown scope: api"), named.message)
        XCTAssertTrue(named.message.contains("The server lists the scopes openid api.read"), named.message)
    }
}
