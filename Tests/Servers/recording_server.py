"""A server that records what reaches it: "another origin" for the tests of what must never be
sent there (a token, a client secret, a refresh token), on any loopback address (127.0.0.2).

Python's standard library only, so it runs with the system python3. Prints
"listening on http://HOST:PORT" first. Every request except /_test/* is recorded: method, path,
Authorization header, body. GET /_test/requests answers the record as JSON.

It can also play an OAuth 2.0 issuer (--issuer): RFC 8414 metadata naming its own endpoints (or
the hostile ones given with --authorization-endpoint), a token endpoint that answers the password
grant with --access-token / --refresh-token, a revocation endpoint that answers 200.
Any other path answers 200 {"ok":true}; /redirect?to=URL answers 302 to URL.
"""
import argparse
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.2")
parser.add_argument("--issuer", action="store_true", help="serve RFC 8414 metadata and a token endpoint")
parser.add_argument("--authorization-endpoint", help="the authorization_endpoint the metadata names (raw text)")
parser.add_argument("--access-token", default="recording-server-access-token")
parser.add_argument("--refresh-token", default="recording-server-refresh-token")
args = parser.parse_args()

lock = threading.Lock()
requests = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def answer(self, status, body, content_type="application/json", headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def origin(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        path, _, query = self.path.partition("?")
        if path == "/_test/requests":
            with lock:
                return self.answer(200, requests)
        with lock:
            requests.append({"method": self.command, "path": self.path,
                             "authorization": self.headers.get("Authorization"), "body": body})
        if path == "/redirect":
            target = urllib.parse.parse_qs(query).get("to", [""])[0]
            return self.answer(302, b"", "text/plain", [("Location", target)])
        if args.issuer and path in ("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"):
            origin = self.origin()
            return self.answer(200, {
                "issuer": origin,
                "token_endpoint": origin + "/token",
                "revocation_endpoint": origin + "/revoke",
                "authorization_endpoint": args.authorization_endpoint or origin + "/authorize",
                "grant_types_supported": ["password", "refresh_token", "authorization_code"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            })
        if args.issuer and path == "/device":
            # RFC 8628 §3.2: a code the first poll redeems at once.
            return self.answer(200, {"device_code": "recording-device-code", "user_code": "ABCD-EFGH",
                                     "verification_uri": self.origin() + "/activate", "expires_in": 600, "interval": 1})
        if args.issuer and path == "/token":
            return self.answer(200, {"access_token": args.access_token, "token_type": "Bearer", "expires_in": 3600,
                                     "refresh_token": args.refresh_token})
        return self.answer(200, {"ok": True})

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


server = ThreadingHTTPServer((args.host, 0), Handler)
print(f"listening on http://{args.host}:{server.server_address[1]}", flush=True)
server.serve_forever()
