"""A registry token service on loopback (the docker registry's token authentication,
https://distribution.github.io/distribution/spec/auth/token/), as a registry behind an OAuth
server runs one: it takes, as the Basic password, an access token that the API accepts (asked at
--api URL's /users/me with it as bearer), and issues a registry token (RS256 JWT with an x5c
chain) for the scope asked. It also writes the certificate the registry trusts (--cert) and starts
nothing else: the test starts Debian's docker-registry with a config naming this service.

GET /token?service=…&scope=repository:NAME:pull,push  (Basic user:access-token)
GET /_test/stats                                       counters: tokens_issued, refused, basic_passwords
"""
import argparse
import base64
import datetime
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import live_token
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

parser = argparse.ArgumentParser()
parser.add_argument("--api", required=True, help="the API whose /users/me accepts the access token")
parser.add_argument("--cert", required=True, help="where to write the certificate the registry trusts")
parser.add_argument("--service", default="test-registry")
parser.add_argument("--issuer", default="test-token-service")
parser.add_argument("--data", help="ignored (PythonServerProcess passes it)")
args = parser.parse_args()

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "registry token service")])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (
    x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
    .not_valid_after(now + datetime.timedelta(days=2)).sign(key, hashes.SHA256())
)
with open(args.cert, "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.PEM))
x5c = [base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()]

lock = threading.Lock()
stats = {"tokens_issued": 0, "refused": 0}
passwords = []


def api_accepts(token):
    return live_token.api_accepts(args.api, token)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/_test/stats":
            with lock:
                return self.answer(200, dict(stats, basic_passwords=list(passwords)))
        if url.path != "/token":
            return self.answer(404, {"error": "not found"})
        header = self.headers.get("Authorization", "")
        user, password = "", ""
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        with lock:
            passwords.append(password)
        if not password or not api_accepts(password):
            with lock:
                stats["refused"] += 1
            return self.answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": "the access token was refused"}]})
        query = parse_qs(url.query)
        access = []
        for scope in query.get("scope", []):
            kind, _, rest = scope.partition(":")
            repository, _, actions = rest.rpartition(":")
            access.append({"type": kind, "name": repository, "actions": actions.split(",")})
        issued = int(time.time())
        claims = {"iss": args.issuer, "sub": user, "aud": query.get("service", [args.service])[0], "exp": issued + 300,
                  "nbf": issued - 10, "iat": issued, "jti": str(uuid.uuid4()), "access": access}
        token = jwt.encode(claims, key, algorithm="RS256", headers={"x5c": x5c})
        with lock:
            stats["tokens_issued"] += 1
        self.answer(200, {"token": token, "access_token": token, "expires_in": 300})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
