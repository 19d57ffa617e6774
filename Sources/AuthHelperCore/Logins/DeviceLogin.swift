#if canImport(Glibc)
    import Glibc
#endif

/// The device authorization grant (RFC 8628) with a person: show where to confirm and the code,
/// then poll the token endpoint at the server's pace until the person answers or the code
/// expires. Ctrl-C ends it with nothing stored (nothing is held until the caller stores).
struct DeviceLogin {
    let context: AuthContext
    let server: OAuth2Server

    func run(clientSecret: String?) throws(AuthError) -> TokenGrant {
        let authorization = try server.authorizeDevice(clientSecret: clientSecret)
        let deadline = context.clock.now() + Int64(authorization.expiresIn)
        context.tell(instructions(for: authorization))
        // A phone reads the address with the code in it; on stderr only where it is a terminal
        // (never on stdout, never into a log or a pipe).
        if let complete = authorization.verificationURIComplete, isatty(2) == 1, let code = QRCode(complete) {
            // Raw: the colour escapes are ours (StandardError.write would show them escaped).
            FileDescriptorIO.writeAll(2, Array((code.terminalLines().joined(separator: "\n") + "\n\n").utf8))
        }
        var interval = authorization.interval
        while true {
            context.clock.sleep(seconds: interval)
            guard context.clock.now() < deadline else { throw expired(authorization) }
            switch try server.pollDevice(authorization, clientSecret: clientSecret) {
            case .granted(let grant):
                return grant
            case .pending:
                continue
            case .slowDown:
                // §3.5: every later poll waits 5 seconds longer.
                interval += 5
                context.diagnostics.debug("the server asked to poll more slowly: every \(interval) s now")
            case .denied:
                throw .notPermitted("The login was declined in the browser (access_denied); nothing was stored.")
            case .expired:
                throw expired(authorization)
            }
        }
    }

    /// What the person reads on the terminal (or stderr): where to go, and the code to check.
    func instructions(for authorization: DeviceAuthorization) -> String {
        let server = server.profile.server
        let minutes = max(1, authorization.expiresIn / 60)
        // With the code in the address the person only checks it; otherwise types it.
        let (address, step) =
            authorization.verificationURIComplete.map { ($0, "check that it shows") } ?? (authorization.verificationURI, "enter")
        return """
            To log in to \(server), open this address in a browser (on any device):
              \(address)
            and \(step) the code \(authorization.userCode).
            Waiting for you to confirm (the code expires in \(minutes) min; Ctrl-C stops)…

            """
    }

    private func expired(_ authorization: DeviceAuthorization) -> AuthError {
        .temporary(
            """
            The device code expired after \(authorization.expiresIn) s before the login was confirmed; nothing was stored. Run \
            `authhelper login --device` again.
            """
        )
    }
}
