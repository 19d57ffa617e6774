import ArgumentParser
import FlyingFox
import Foundation

/// The development server: the seed API (`/auth/jwt/login`, `/auth/jwt/refresh`,
/// `/auth/jwt/postman-refresh`, `GET /users/me`) on loopback, with fault injection and counters.
///
/// Tests and the demo start it with `--port 0` and read the chosen port from its first line of
/// stdout: `listening on http://127.0.0.1:PORT`.
@main
struct DevServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authhelper-devserver",
        abstract: "A development server for authhelper: the seed API on loopback, with fault injection.",
        discussion: """
            Control endpoints (loopback only, for tests):
              GET    /_dev/stats    counters: logins, refreshes, reuse of spent refresh tokens, …
              POST   /_dev/faults   add a fault: {"target":"refresh","kind":"status:500","count":1,"rate":1}
              DELETE /_dev/faults   remove every fault
              POST   /_dev/expire   expire every access token issued so far

            Fault kinds: status:N, bare:N (status N, empty body), delay:MS, drop, garbage, empty, truncated,
            huge, redirect, not-bearer, invalid-utf8, hostile-detail, oauth:CODE (an OAuth 2.0 error:
            slow_down, expired_token, access_denied, authorization_pending, …), ok-error:CODE (the same
            error with HTTP 200), wrong-state, wrong-iss, no-iss, wrong-nonce.
            Fault targets: login, refresh (both refresh endpoints), users-me, device-poll, authorize, any.

            Logins in a browser, approved at once unless a fault intervenes: POST /oauth/device_authorization
            (RFC 8628; the device_code grant at /oauth/token), GET /oauth/authorize (PKCE S256, loopback
            redirect; the authorization_code grant at /oauth/token), and RFC 8414 metadata at
            /.well-known/oauth-authorization-server (the issuer is this server's origin).

            Also: POST /oauth/token (the same accounts behind a standard OAuth 2.0 token endpoint:
            password and refresh_token grants, RFC 6749 error answers), GET|POST /redir?to=URL (a 302 anywhere),
            POST|PUT /echo (counts bearer requests and the length of their bodies: echo_requests, echo_last_length).
            """
    )

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port: UInt16 = 8765

    @Option(name: .customLong("user"), help: "A user as NAME:PASSWORD (repeatable). Default: demo:demo-password.")
    var users: [String] = []

    @Option(name: .customLong("access-ttl"), help: "Lifetime of access tokens in seconds (expires_in).")
    var accessTTL: Int = 3600

    @Option(
        name: .customLong("login-access-ttl"),
        help: "Lifetime of access tokens issued by login (default: --access-ttl); 0 issues them already expired.")
    var loginAccessTTL: Int?

    @Option(name: .customLong("refresh-ttl"), help: "Lifetime of refresh tokens in seconds.")
    var refreshTTL: Int = 86400

    @Flag(name: .customLong("omit-expires-in"), help: "Leave expires_in out of token responses (clients must read the JWT's exp).")
    var omitExpiresIn = false

    @Flag(
        name: .customLong("exp-in-milliseconds"),
        help: "Write the access token's JWT exp in milliseconds, as a broken server does (the server itself still honours the lifetime).")
    var expInMilliseconds = false

    @Option(name: .customLong("device-expires-in"), help: "Seconds a device code lives (expires_in of the device authorization answer).")
    var deviceExpiresIn: Int = 600

    @Option(name: .customLong("fault"), help: "A fault as TARGET=KIND[,count=N][,rate=R] (repeatable).")
    var faults: [String] = []

    @Flag(name: .customLong("expires-in-as-string"), help: "Send expires_in as a string of digits, as older Azure AD endpoints do.")
    var expiresInAsString = false

    @Flag(name: .customLong("require-nonce"), help: "Refuse an authorization request without nonce; return an id_token carrying it.")
    var requireNonce = false

    @Flag(name: .customLong("refresh-only-with-offline-access"), help: "Issue a refresh token only when the scope holds offline_access.")
    var refreshOnlyWithOfflineAccess = false

    @Option(
        name: .customLong("client"),
        help: "A confidential client as ID:SECRET:METHOD (client_secret_basic or client_secret_post; repeatable).")
    var clients: [String] = []

    @Flag(name: .customLong("revocation"), help: "Offer a revocation endpoint (RFC 7009) that demands client authentication.")
    var revocation = false

    @Flag(name: .customLong("userinfo"), help: "Offer a userinfo endpoint (OpenID Connect Core §5.3).")
    var userinfo = false

    @Option(name: .customLong("dpop-nonce"), help: "Require this DPoP nonce in every proof at the token endpoint (RFC 9449 §8).")
    var dpopNonce: String?

    @Option(name: .customLong("dpop-algs"), help: "The DPoP proof algorithms the metadata lists, comma-separated (default ES256).")
    var dpopAlgorithms: String?

    @Option(
        name: .customLong("token-size"),
        help: "Pad access and refresh tokens to at least this many bytes (a groups claim), as providers with group claims send.")
    var tokenSize = 0

    @Option(
        name: .customLong("resource-server"),
        help: "An API this server issues tokens for (RFC 8707; repeatable); a token request naming another gets invalid_target.")
    var resourceServers: [String] = []

    func run() async throws {
        var accounts: [String: String] = [:]
        for spec in users.isEmpty ? ["demo:demo-password"] : users {
            guard let colon = spec.firstIndex(of: ":") else { throw ValidationError("--user takes NAME:PASSWORD, got '\(spec)'.") }
            accounts[String(spec[..<colon])] = String(spec[spec.index(after: colon)...])
        }
        let parsedFaults = try faults.map { spec -> Fault in
            guard let fault = Fault(commandLine: spec) else { throw ValidationError("Cannot read the fault '\(spec)'.") }
            return fault
        }
        var quirks = ProviderQuirks(
            expiresInAsString: expiresInAsString, requireNonce: requireNonce, refreshOnlyWithOfflineAccess: refreshOnlyWithOfflineAccess,
            revocation: revocation, userinfo: userinfo, tokenSize: tokenSize, resources: Set(resourceServers))
        quirks.dpopNonce = dpopNonce
        if let dpopAlgorithms { quirks.dpopAlgorithms = dpopAlgorithms.split(separator: ",").map(String.init) }
        for spec in clients {
            guard let (id, client) = ProviderQuirks.client(spec) else {
                throw ValidationError("--client takes ID:SECRET:client_secret_basic|client_secret_post, got '\(spec)'.")
            }
            quirks.clients[id] = client
        }
        let state = ServerState(
            accounts: accounts, accessTTL: accessTTL, loginAccessTTL: loginAccessTTL ?? accessTTL, refreshTTL: refreshTTL,
            omitExpiresIn: omitExpiresIn, expInMilliseconds: expInMilliseconds, faults: parsedFaults, quirks: quirks)
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 60, logger: .disabled)
        await state.setDeviceExpiresIn(deviceExpiresIn)
        await Routes(state: state).install(on: server)
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let boundPort)? = await server.listeningAddress else { throw ValidationError("The server did not bind.") }
        FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(boundPort)\n".utf8))
        try await task.value
    }
}
