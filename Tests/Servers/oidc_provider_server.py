"""A second real OpenID Connect server for authhelper's integration tests: django-oidc-provider
(pinned in requirements.txt), configured in this one file, on a loopback port.

    python oidc_provider_server.py --data DIR --redirect-port N [--access-ttl N]

It prints `listening on http://127.0.0.1:PORT` once it serves; the issuer is
http://127.0.0.1:PORT/openid (OpenID Connect discovery only, no RFC 8414 document). It differs
from django-oauth-toolkit where identity providers differ:
- a wrong password is HTTP 403 `access_denied` (django-oauth-toolkit: 400 `invalid_grant`);
- redirect URIs are compared byte for byte: the browser client is registered for
  http://127.0.0.1:N/callback only (no any-port loopback redirect, RFC 8252 §7.3), so a browser
  login must use `--redirect-port N`;
- a refresh deletes the spent refresh token (one use), and the id_token carries the nonce.
What it holds: a user demo / demo-password (email demo@example.test); a public password-grant
client (password-client), a confidential one (confidential-client / confidential-secret), and a
public authorization-code client with PKCE (browser-client) that skips the consent page; the
user logs in on Django's login page (/accounts/login/). Counters for the tests at GET /_test/stats.

It shares no code with authhelper.
"""
import argparse
import json
import os
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--redirect-port", type=int, required=True)
parser.add_argument("--access-ttl", type=int, default=3600)
args = parser.parse_args()
os.makedirs(args.data, exist_ok=True)


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


server = make_server("127.0.0.1", 0, None, server_class=ThreadingServer, handler_class=QuietHandler)
origin = f"http://127.0.0.1:{server.server_port}"

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption()).decode()

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY="authhelper-test-server-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "oidc_provider",
    ],
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [
            ("django.template.loaders.locmem.Loader", {
                "registration/login.html": '<form method="post">{% csrf_token %}{{ form.as_p }}'
                                           '<button type="submit">Log in</button></form>',
            }),
            "django.template.loaders.app_directories.Loader",
        ]},
    }],
    LOGIN_URL="/accounts/login/",
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        __name__ + ".CountingMiddleware",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(args.data, "db.sqlite3"),
                           "OPTIONS": {"timeout": 30}}},
    USE_TZ=True,
    LOGGING_CONFIG=None,
    SITE_URL=origin,
    OIDC_GRANT_TYPE_PASSWORD_ENABLE=True,
    OIDC_TOKEN_EXPIRE=args.access_ttl,
    OIDC_USERINFO=__name__ + ".userinfo",
)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.views import LoginView  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import include, path  # noqa: E402

counters = {}
counters_lock = threading.Lock()


def count(name):
    with counters_lock:
        counters[name] = counters.get(name, 0) + 1


def userinfo(claims, user):
    """The standard claims OpenID Connect Core §5.1 defines, from Django's user."""
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    return claims


class CountingMiddleware:
    """Counts token requests by grant type and outcome (`password_granted`,
    `refresh_token_invalid_grant`, …), authorization requests and the nonces they carried."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        grant = request.POST.get("grant_type") if request.path.startswith("/openid/token") and request.method == "POST" else None
        if request.path.startswith("/openid/authorize") and request.method == "GET":
            count("authorize_requests")
            if request.GET.get("nonce"):
                count("authorize_with_nonce")
        response = self.get_response(request)
        if grant:
            count(f"{grant}_requests")
            if response.status_code == 200:
                count(f"{grant}_granted")
            else:
                try:
                    error = json.loads(response.content).get("error", "unknown")
                except ValueError:
                    error = "unknown"
                count(f"{grant}_{error}")
        if request.path.startswith("/openid/userinfo"):
            count(f"userinfo_{response.status_code}")
        return response


def stats(request):
    with counters_lock:
        return JsonResponse(dict(counters))


urlpatterns = [
    path("accounts/login/", LoginView.as_view()),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("_test/stats", stats),
]

call_command("migrate", verbosity=0, interactive=False)
from oidc_provider.models import Client, ResponseType, RSAKey  # noqa: E402

RSAKey.objects.create(key=key_pem)
get_user_model().objects.create_user("demo", email="demo@example.test", password="demo-password")
code = ResponseType.objects.get(value="code")
for client_id, client_type, secret in [("password-client", "public", ""), ("confidential-client", "confidential", "confidential-secret")]:
    client = Client.objects.create(name=client_id, client_id=client_id, client_type=client_type, client_secret=secret,
                                   jwt_alg="RS256", require_consent=False, _scope="openid profile email")
    client.response_types.add(code)
browser = Client.objects.create(name="browser", client_id="browser-client", client_type="public", jwt_alg="RS256",
                                require_consent=False, reuse_consent=True, _scope="openid profile email")
browser.redirect_uris = [f"http://127.0.0.1:{args.redirect_port}/callback"]
browser.save()
browser.response_types.add(code)

from django.core.wsgi import get_wsgi_application  # noqa: E402

server.set_app(get_wsgi_application())
print(f"listening on {origin}", flush=True)
server.serve_forever()
