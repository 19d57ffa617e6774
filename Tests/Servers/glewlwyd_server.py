"""Glewlwyd (Debian's package, /usr/bin/glewlwyd), a real OpenID Connect server with DPoP
(RFC 9449: proofs checked field by field, `jti` replay, `ath`, `cnf.jkt`-bound tokens, server
nonces), on loopback with a SQLite database in --data. Set up the way its administrator would,
through its own admin API: an OIDC plugin instance "oidc" (issuer <url>/api/oidc) with DPoP and
the password grant allowed, a public client "cli" and a user "alice".

Prints "listening on http://127.0.0.1:PORT" once the issuer's metadata answers; runs until
terminated, and then stops glewlwyd.

  --nonce        the server demands a DPoP nonce (oauth-dpop-nonce-mandatory)
  --password P   alice's password (default alice-password)
  --redirect-port N   the loopback port registered for the client's redirect URI
  --register     clients may register themselves (RFC 7591 dynamic registration, open)
"""
import argparse
import http.cookiejar
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--nonce", action="store_true")
parser.add_argument("--password", default="alice-password")
parser.add_argument("--access-token-duration", type=int, default=3600)
parser.add_argument("--redirect-port", type=int, default=8400, help="Glewlwyd 2.7 matches redirect URIs byte for byte")
parser.add_argument("--register", action="store_true", help="clients may register themselves (RFC 7591), without credentials")
args = parser.parse_args()

GLEWLWYD = "/usr/bin/glewlwyd"
# The schema and first data (the admin account) as the package installs them; not the copy under
# /usr/share/doc, which minimal images leave out.
SCHEMA = "/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3"
ADMIN_PASSWORD = "password"  # the password that schema gives the admin account


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_database(path):
    database = sqlite3.connect(path)
    database.executescript(open(SCHEMA).read())
    database.commit()
    database.close()


def write_config(path, port, database):
    # libconfig syntax, as glewlwyd.conf.sample; only what differs from the defaults. glewlwyd 2.7
    # refuses to start without the two secure_connection files named, even with TLS off.
    with open(path, "w") as config:
        config.write(
            f"""port={port}
bind_address="127.0.0.1"
external_url="http://127.0.0.1:{port}"
login_url="login.html"
api_prefix="api"
allow_origin="*"
log_mode="console"
log_level="{os.environ.get("GLEWLWYD_LOG_LEVEL", "WARNING")}"
cookie_secure=0
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="/usr/lib/glewlwyd/user"
user_middleware_module_path="/usr/lib/glewlwyd/user_middleware"
client_module_path="/usr/lib/glewlwyd/client"
user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
plugin_module_path="/usr/lib/glewlwyd/plugin"
use_secure_connection=false
secure_connection_key_file="/nonexistent/cert.key"
secure_connection_pem_file="/nonexistent/cert.pem"
hash_algorithm="SHA512"
database = {{
  type = "sqlite3"
  path = "{database}"
}};
"""
        )


class Admin:
    """The admin API, with the session cookie of an admin login."""

    def __init__(self, base):
        self.base = base + "/api"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(request, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            raise SystemExit(f"glewlwyd_server: {method} {path}: HTTP {error.code} {error.read()[:500]!r}")


def oidc_plugin(issuer):
    return {
        "module": "oidc",
        "name": "oidc",
        "display_name": "OpenID Connect",
        "parameters": {
            "iss": issuer,
            "jwt-type": "sha",
            "jwt-key-size": "256",
            "key": os.urandom(32).hex(),
            "access-token-duration": args.access_token_duration,
            "refresh-token-duration": 1209600,
            "code-duration": 600,
            "refresh-token-rolling": True,
            "refresh-token-one-use": "never",
            "client-refresh-token-one-use-parameter": "refresh-token-one-use",
            "allow-non-oidc": True,
            "auth-type-code-enabled": True,
            "auth-type-token-enabled": False,
            "auth-type-id-token-enabled": True,
            "auth-type-none-enabled": False,
            "auth-type-password-enabled": True,
            "auth-type-client-enabled": False,
            "auth-type-device-enabled": True,
            "auth-type-refresh-enabled": True,
            "scope": [],
            "additional-parameters": [],
            "claims": [],
            "jwks-show": True,
            "request-parameter-allow": False,
            "secret-type": "pairwise",
            "address-claim": {"type": "no", "mandatory": False},
            "name-claim": "on-demand",
            "email-claim": "no",
            "scope-claim": "no",
            "allowed-scope": ["openid"],
            "pkce-allowed": True,
            "introspection-revocation-allowed": True,
            "introspection-revocation-auth-scope": [],
            "introspection-revocation-allow-target-client": True,
            "register-client-allowed": args.register,
            "register-client-auth-scope": [],
            "register-client-credentials-scope": [],
            "register-client-management-allowed": True,
            "session-management-allowed": False,
            "session-cookie-name": "GLEWLWYD2_OIDC_SID",
            "session-cookie-expiration": 2419200,
            "device-authorization-expiration": 600,
            "device-authorization-interval": 5,
            "oauth-dpop-allowed": True,
            "oauth-dpop-iat-duration": 60,
            "oauth-dpop-iat-gap-duration": 0,
            "oauth-dpop-dpop_bound_access_tokens-property": "dpop_bound_access_tokens",
            "oauth-dpop-nonce-mandatory": args.nonce,
            "oauth-dpop-nonce-counter": 10,
            "resource-allowed": False,
            "rar-types-client-property": "authorization_details_types",
            "oauth-par-allowed": False,
            "oauth-ciba-allowed": False,
        },
    }


def wait_for(url, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"glewlwyd_server: {url} did not answer")


def main():
    os.makedirs(args.data, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    database = os.path.join(args.data, "glewlwyd.db")
    config = os.path.join(args.data, "glewlwyd.conf")
    write_database(database)
    write_config(config, port, database)
    server = subprocess.Popen([GLEWLWYD, f"--config-file={config}"], stdout=sys.stderr, stderr=sys.stderr)

    def stop(*_):
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        wait_for(base + "/config")  # glewlwyd's own front-end config, answered once it serves
        admin = Admin(base)
        admin.call("POST", "/auth/", {"username": "admin", "password": ADMIN_PASSWORD})
        admin.call("POST", "/mod/plugin/", oidc_plugin(base + "/api/oidc"))
        admin.call(
            "POST",
            "/client/",
            {
                "client_id": "cli",
                "name": "authhelper",
                "enabled": True,
                "confidential": False,
                "authorization_type": ["password", "refresh_token", "device_authorization", "code"],
                "redirect_uri": [f"http://127.0.0.1:{args.redirect_port}/callback"],
                "scope": [],
            },
        )
        admin.call(
            "POST",
            "/user/",
            {"username": "alice", "name": "Alice", "enabled": True, "scope": ["openid"], "password": args.password},
        )
        wait_for(base + "/api/oidc/.well-known/openid-configuration")
    except BaseException:
        server.kill()
        raise
    print(f"listening on {base}", flush=True)
    server.wait()
    sys.exit(f"glewlwyd_server: glewlwyd ended with {server.returncode}")


main()
