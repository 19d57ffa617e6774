"""The package registries the tool tests install from, in one HTTPS server on loopback (a
self-signed certificate for 127.0.0.1, written to --cert): each answers only a request whose
credential is an access token the API accepts (asked at --api URL's /users/me), as a registry
behind an OAuth server does, and 401 otherwise.

Cargo sparse registry (auth-required), Bearer token as the whole Authorization value:
  GET  /cargo/index/config.json, /cargo/index/<prefix>/<name>
  PUT  /cargo/api/v1/crates/new                       (cargo publish)
  GET  /cargo/api/v1/crates/<name>/<version>/download
Go module proxy (GOPROXY=https://…/go), Bearer:
  GET  /go/<module>/@v/list, .info, .mod, .zip        (the module example.com/hello v1.0.0)
Terraform module registry, Bearer:
  GET  /.well-known/terraform.json, /terraform/modules/v1/example/hello/null/versions, …/1.0.0/download
  GET  /terraform/archive/hello.zip                   (the module's files, no credential: go-getter fetches it)
PEP 503 index, Basic USER:TOKEN (pip and uv):
  GET|HEAD /pypi/simple/, /pypi/simple/hello-pkg/, /pypi/files/<wheel>
Test controls:
  GET  /_test/stats                                   counters per registry: accepted, refused; the credentials seen
  POST /_test/refuse                                  body: a token to answer 401 for from now on (a revoked token)
  POST /_test/require-scope                           body: "AREA SCOPE": from now on AREA answers a token whose scope
                                                      lacks SCOPE 403 insufficient_scope naming it (RFC 6750 §3.1);
                                                      counted per area as step_ups
"""
import argparse
import base64
import datetime
import hashlib
import io
import ipaddress
import json
import ssl
import struct
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import live_token
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

parser = argparse.ArgumentParser()
parser.add_argument("--api", required=True, help="the API whose /users/me accepts the access token")
parser.add_argument("--cert", required=True, help="where to write the server's certificate (the tools trust it)")
parser.add_argument("--data", help="ignored (PythonServerProcess passes it)")
args = parser.parse_args()

# A certificate authority (written to --cert, what the tools trust) and the server's certificate
# it signs, for 127.0.0.1 as an IP address SAN (Go, cargo, uv and pip all check it; rustls, in
# uv, refuses a CA certificate as the server's own).
now = datetime.datetime.now(datetime.timezone.utc)


def certificate(subject, issuer, public_key, signing_key, ca):
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


ca_key = ec.generate_private_key(ec.SECP256R1())
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "package registries test CA")])
ca_cert = certificate(ca_name, ca_name, ca_key.public_key(), ca_key, True)
key = ec.generate_private_key(ec.SECP256R1())
cert = certificate(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]), ca_name, key.public_key(), ca_key, False)
with open(args.cert, "wb") as f:
    f.write(ca_cert.public_bytes(serialization.Encoding.PEM))
chain_file = args.cert + ".server.pem"
with open(chain_file, "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.PEM) + ca_cert.public_bytes(serialization.Encoding.PEM))
key_file = args.cert + ".key"
with open(key_file, "wb") as f:
    f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))

lock = threading.Lock()
stats = {area: {"accepted": 0, "refused": 0, "step_ups": 0} for area in ("cargo", "go", "terraform", "pypi")}
required_scopes = {}
seen_credentials = []
refused_tokens = set()
crates = {}  # name -> {"lines": [index lines], "files": {version: bytes}}
accepted_cache = {}


def api_accepts(token):
    with lock:
        if token in refused_tokens:
            return False
        if token in accepted_cache:
            return True
    ok = live_token.api_accepts(args.api, token)
    if ok:
        with lock:
            accepted_cache[token] = True
    return ok


def token_scope(token):
    """The scopes an accepted token carries (the dev server's access tokens are JWTs)."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))).get("scope", "").split()
    except Exception:
        return []


def go_module_zip():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("example.com/hello@v1.0.0/go.mod", "module example.com/hello\n\ngo 1.21\n")
        z.writestr("example.com/hello@v1.0.0/hello.go", 'package hello\n\nfunc Greeting() string { return "hello from the proxy" }\n')
    return data.getvalue()


def terraform_module_zip():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("main.tf", 'output "greeting" {\n  value = "hello from the registry"\n}\n')
    return data.getvalue()


def python_wheel():
    data = io.BytesIO()
    files = {
        "hello_pkg/__init__.py": 'GREETING = "hello from the index"\n',
        "hello_pkg-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: hello-pkg\nVersion: 1.0\n",
        "hello_pkg-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: package_registries\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile(data, "w") as z:
        for path, text in files.items():
            z.writestr(path, text)
            digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(text.encode())}")
        record.append("hello_pkg-1.0.dist-info/RECORD,,")
        z.writestr("hello_pkg-1.0.dist-info/RECORD", "\n".join(record) + "\n")
    return data.getvalue()


GO_ZIP = go_module_zip()
TF_ZIP = terraform_module_zip()
WHEEL = python_wheel()
WHEEL_NAME = "hello_pkg-1.0-py3-none-any.whl"


def cargo_index_path(name):
    name = name.lower()
    if len(name) <= 2:
        return f"{len(name)}/{name}"
    if len(name) == 3:
        return f"3/{name[0]}/{name}"
    return f"{name[0:2]}/{name[2:4]}/{name}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    @property
    def base(self):
        return f"https://127.0.0.1:{self.server.server_address[1]}"

    def send(self, status, body=b"", content_type="application/octet-stream", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, value, headers=()):
        self.send(status, json.dumps(value), "application/json", headers)

    def authorized(self, area):
        header = self.headers.get("Authorization", "")
        token = None
        if area == "pypi" and header.startswith("Basic "):
            _, _, token = base64.b64decode(header[6:]).decode(errors="replace").partition(":")
        elif area != "pypi" and header.startswith("Bearer "):
            token = header[7:]
        with lock:
            seen_credentials.append(header)
        ok = bool(token) and api_accepts(token)
        with lock:
            stats[area]["accepted" if ok else "refused"] += 1
        if ok and area in required_scopes and required_scopes[area] not in token_scope(token):
            with lock:
                stats[area]["step_ups"] += 1
            challenge = 'Bearer error="insufficient_scope", scope="%s", error_description="publishing needs %s"' % (
                required_scopes[area], required_scopes[area])
            self.send(403, "more scope is needed\n", "text/plain", [("WWW-Authenticate", challenge)])
            return False
        if not ok:
            challenge = {"cargo": 'Cargo login_url="%s/login"' % self.base, "pypi": 'Basic realm="index"'}.get(area, 'Bearer realm="registry"')
            self.send(401, "the credential was refused\n", "text/plain", [("WWW-Authenticate", challenge)])
        return ok

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = urlparse(self.path).path
        if path == "/_test/stats":
            with lock:
                return self.send_json(200, {"stats": stats, "credentials": seen_credentials})
        if path == "/.well-known/terraform.json":
            return self.send_json(200, {"modules.v1": "/terraform/modules/v1/"})
        if path == "/terraform/archive/hello.zip":
            return self.send(200, TF_ZIP, "application/zip")
        area = path.split("/")[1] if path.count("/") >= 1 else ""
        if area not in stats:
            return self.send(404, "not found\n", "text/plain")
        if not self.authorized(area):
            return
        getattr(self, "get_" + area)(path)

    def get_cargo(self, path):
        if path == "/cargo/index/config.json":
            return self.send_json(200, {"dl": self.base + "/cargo/api/v1/crates", "api": self.base + "/cargo", "auth-required": True})
        if path.startswith("/cargo/index/"):
            name = path.rsplit("/", 1)[1]
            with lock:
                crate = crates.get(name)
            if crate is None or path != "/cargo/index/" + cargo_index_path(name):
                return self.send(404, "no such crate\n", "text/plain")
            return self.send(200, "".join(line + "\n" for line in crate["lines"]), "text/plain")
        parts = path.split("/")  # /cargo/api/v1/crates/NAME/VERSION/download
        if len(parts) == 8 and parts[2:5] == ["api", "v1", "crates"] and parts[7] == "download":
            with lock:
                data = crates.get(parts[5], {}).get("files", {}).get(parts[6])
            return self.send(200, data) if data else self.send(404, "no such version\n", "text/plain")
        self.send(404, "not found\n", "text/plain")

    def do_PUT(self):
        path = urlparse(self.path).path
        if path != "/cargo/api/v1/crates/new":
            return self.send(404, "not found\n", "text/plain")
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not self.authorized("cargo"):
            return
        (meta_length,) = struct.unpack_from("<I", body, 0)
        meta = json.loads(body[4:4 + meta_length])
        (crate_length,) = struct.unpack_from("<I", body, 4 + meta_length)
        data = body[8 + meta_length:8 + meta_length + crate_length]
        line = json.dumps({"name": meta["name"], "vers": meta["vers"], "deps": [], "cksum": hashlib.sha256(data).hexdigest(),
                           "features": meta.get("features", {}), "yanked": False})
        with lock:
            crate = crates.setdefault(meta["name"], {"lines": [], "files": {}})
            crate["lines"].append(line)
            crate["files"][meta["vers"]] = data
        self.send_json(200, {"warnings": {"invalid_categories": [], "invalid_badges": [], "other": []}})

    def do_POST(self):
        path = urlparse(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if path == "/_test/require-scope":
            area, _, scope = body.decode().strip().partition(" ")
            with lock:
                required_scopes[area] = scope
            return self.send(204)
        if path != "/_test/refuse":
            return self.send(404, "not found\n", "text/plain")
        with lock:
            refused_tokens.add(body.decode().strip())
            accepted_cache.pop(body.decode().strip(), None)
        self.send(204)

    def get_go(self, path):
        prefix = "/go/example.com/hello/@v/"
        answers = {
            "list": ("v1.0.0\n", "text/plain"),
            "v1.0.0.info": (json.dumps({"Version": "v1.0.0", "Time": "2026-01-01T00:00:00Z"}), "application/json"),
            "v1.0.0.mod": ("module example.com/hello\n\ngo 1.21\n", "text/plain"),
            "v1.0.0.zip": (GO_ZIP, "application/zip"),
        }
        answer = answers.get(path[len(prefix):]) if path.startswith(prefix) else None
        if answer is None:
            return self.send(404, "not found\n", "text/plain")
        self.send(200, answer[0], answer[1])

    def get_terraform(self, path):
        module = "/terraform/modules/v1/example/hello/null/"
        if path == module + "versions":
            return self.send_json(200, {"modules": [{"versions": [{"version": "1.0.0"}]}]})
        if path == module + "1.0.0/download":
            return self.send(204, headers=[("X-Terraform-Get", self.base + "/terraform/archive/hello.zip")])
        self.send(404, "not found\n", "text/plain")

    def get_pypi(self, path):
        if path == "/pypi/simple/":
            return self.send(200, '<html><body><a href="hello-pkg/">hello-pkg</a></body></html>\n', "text/html")
        if path == "/pypi/simple/hello-pkg/":
            digest = hashlib.sha256(WHEEL).hexdigest()
            link = f'<a href="../../files/{WHEEL_NAME}#sha256={digest}">{WHEEL_NAME}</a>'
            return self.send(200, f"<html><body>{link}</body></html>\n", "text/html")
        if path == "/pypi/files/" + WHEEL_NAME:
            return self.send(200, WHEEL)
        self.send(404, "not found\n", "text/plain")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(chain_file, key_file)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"listening on https://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
