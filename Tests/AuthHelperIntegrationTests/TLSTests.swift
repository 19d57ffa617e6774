import Foundation
import XCTest

/// TLS verification against a real TLS listener with a self-signed certificate.
final class TLSTests: IntegrationTestCase {
    func testSelfSignedServerIsRefusedWithoutCAFileAndAcceptedWithIt() throws {
        let dir = session.root.path + "/tls"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let cert = try ProcessRunner.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/key.pem",
                "-out", dir + "/cert.pem", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(cert.status, 0, cert.stderr)
        let listener = try ProcessRunner.start(
            "/usr/bin/python3",
            [
                "-c",
                """
                import http.server, ssl, json
                class H(http.server.BaseHTTPRequestHandler):
                    def do_POST(self):
                        self.rfile.read(int(self.headers.get("Content-Length", 0)))
                        body = json.dumps({"access_token": "tls.access.token", "refresh_token": "tls.refresh.token",
                                           "token_type": "bearer", "expires_in": 3600}).encode()
                        self.send_response(200); self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                    def log_message(self, *a): pass
                server = http.server.HTTPServer(("127.0.0.1", 0), H)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain("\(dir)/cert.pem", "\(dir)/key.pem")
                server.socket = context.wrap_socket(server.socket, server_side=True)
                print(server.server_address[1], flush=True)
                server.serve_forever()
                """,
            ], environment: ["PATH": "/usr/bin:/bin"])
        defer { listener.terminate() }
        var port = ""
        for _ in 0..<200 where port.isEmpty {
            usleep(20_000)
            port = listener.stdoutSoFar().split(separator: "\n").first.map(String.init) ?? ""
        }
        let url = "https://127.0.0.1:\(port)"
        let refused = try session.authhelper(["login", "--server", url, "--username", "demo", "--password-stdin"], stdin: "pw\n")
        assertFails(refused, status: 69, naming: "TLS", "ca_file")
        XCTAssertNil(try session.keyringSecret(profile: "default", server: url, username: "demo"))

        try FileManager.default.createDirectory(
            atPath: (session.configFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "[profiles.default]\nserver = \"\(url)\"\nusername = \"demo\"\nca_file = \"\(dir)/cert.pem\"\n"
            .write(toFile: session.configFile, atomically: true, encoding: .utf8)
        let accepted = try session.authhelper(["login", "--password-stdin"], stdin: "pw\n")
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertEqual(try session.authhelper(["token"]).stdoutLine, "tls.access.token")

        // The same from the command line, recorded, without editing the config first.
        let flagged = try session.authhelper(
            ["login", "--profile", "flagged", "--server", url, "--username", "demo", "--password-stdin", "--ca-file", dir + "/cert.pem"],
            stdin: "pw\n")
        XCTAssertEqual(flagged.status, 0, flagged.stderr)
        XCTAssertTrue(try String(contentsOfFile: session.configFile, encoding: .utf8).contains("ca_file = \"\(dir)/cert.pem\""))
        XCTAssertEqual(try session.authhelper(["token", "--profile", "flagged", "--min-ttl", "0"]).stdoutLine, "tls.access.token")
        assertFails(
            try session.authhelper(["login", "--profile", "x", "--server", url, "--ca-file", "/nonexistent/ca.pem"], stdin: "pw\n"),
            status: 64, naming: "/nonexistent/ca.pem")
    }
}
