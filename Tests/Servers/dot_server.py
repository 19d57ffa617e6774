"""A real OAuth 2.0 authorization server for authhelper's integration tests: django-oauth-toolkit
(pinned in requirements.txt), configured in this one file, on a loopback port.

    python dot_server.py --data DIR [--rotation on|off] [--metadata rfc8414|oidc] [--access-ttl N]
                         [--claimed-issuer URL]

It prints `listening on http://127.0.0.1:PORT` once it serves. The issuer is
http://127.0.0.1:PORT/o. What it holds:
- a user demo / demo-password;
- a confidential password-grant client (confidential-client / confidential-secret) and a public
  one (public-client);
- a public device-code client (device-client; the person confirms at /o/device/) and a public
  authorization-code client with PKCE (browser-client; redirect http://127.0.0.1/callback on any
  port, RFC 8252 §7.3; the consent page is shown), both behind Django's login page
  (/accounts/login/), which answers with `iss` (RFC 9207);
- refresh-token rotation with reuse protection (or, with --rotation off, neither);
- revocation (/o/revoke_token/), introspection (/o/introspect/), OIDC discovery
  (/o/.well-known/openid-configuration), and with --metadata rfc8414 the RFC 8414 document at
  the origin's /.well-known/oauth-authorization-server/o;
- a protected resource, GET /api/me, and counters for the tests at GET /_test/stats.

It shares no code with authhelper.
"""
import argparse
import json
import os
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--rotation", choices=["on", "off"], default="on")
parser.add_argument("--metadata", choices=["rfc8414", "oidc"], default="rfc8414")
parser.add_argument("--access-ttl", type=int, default=3600)
parser.add_argument("--claimed-issuer", default="", help="an issuer the OpenID document names instead of its own (a server impersonating another)")
parser.add_argument("--make-template", action="store_true",
                    help="migrate and create the accounts into the venv's template database, then exit (scripts/python-servers)")
args = parser.parse_args()
os.makedirs(args.data, exist_ok=True)

# Migrating and creating the accounts (password hashing) takes 5-9 s a start; every server of a
# test run starts from the same database, so scripts/python-servers makes it once per version of
# this file, and each start copies it. A template made by another version of this file is not used.
import hashlib  # noqa: E402
import shutil  # noqa: E402

source_digest = hashlib.sha256(open(__file__, "rb").read()).hexdigest()
template = os.path.join(sys.prefix, "dot-template.sqlite3")
database = os.path.join(args.data, "db.sqlite3")
try:
    from_template = not args.make_template and open(template + ".source").read().strip() == source_digest
except OSError:
    from_template = False
if from_template:
    shutil.copyfile(template, database)


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


# Bound first: the device flow's verification_uri must name the port.
server = make_server("127.0.0.1", args.port, None, server_class=ThreadingServer, handler_class=QuietHandler)
origin = f"http://127.0.0.1:{server.server_port}"

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()

import django  # noqa: E402
from django.conf import settings  # noqa: E402

rotation = args.rotation == "on"
settings.configure(
    DEBUG=False,
    SECRET_KEY="authhelper-test-server-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "oauth2_provider",
    ],
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [
            ("django.template.loaders.locmem.Loader", {
                "registration/login.html": '<form method="post">{% csrf_token %}{{ form.as_p }}'
                                           '<button type="submit" id="log-in">Log in</button></form>',
            }),
            "django.template.loaders.app_directories.Loader",
        ]},
    }],
    STATIC_URL="/static/",
    LOGIN_URL="/accounts/login/",
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        __name__ + ".CountingMiddleware",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": database,
                           "OPTIONS": {"timeout": 30}}},
    USE_TZ=True,
    LOGGING_CONFIG=None,
    OAUTH2_PROVIDER={
        "ACCESS_TOKEN_EXPIRE_SECONDS": args.access_ttl,
        "ROTATE_REFRESH_TOKEN": rotation,
        "REFRESH_TOKEN_REUSE_PROTECTION": rotation,
        "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": key_pem,
        "OIDC_ISS_ENDPOINT": args.claimed_issuer,
        "SCOPES": {"read": "Read", "openid": "OpenID Connect"},
        "DEFAULT_SCOPES": ["read"],
        "OAUTH_DEVICE_VERIFICATION_URI": f"{origin}/o/device/",
        "OAUTH_DEVICE_VERIFICATION_URI_COMPLETE": lambda user_code: f"{origin}/o/device/?user_code={user_code}",
        "DEVICE_FLOW_INTERVAL": 1,
        "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
        "OAUTH2_VALIDATOR_CLASS": __name__ + ".DeviceAwareValidator",
    },
)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from oauth2_provider.models import get_application_model  # noqa: E402
from oauth2_provider.urls import metadata_urlpatterns  # noqa: E402
from oauth2_provider.views import ProtectedResourceView  # noqa: E402

counters = {}
counters_lock = threading.Lock()


def count(name):
    with counters_lock:
        counters[name] = counters.get(name, 0) + 1


class CountingMiddleware:
    """Counts what the tests ask about: token requests by grant type and outcome, revocations."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        grant = request.POST.get("grant_type") if request.path == "/o/token/" and request.method == "POST" else None
        # A password sent anywhere but the token endpoint the metadata names (a guessed URL).
        if request.method == "POST" and request.path != "/o/token/" and "password" in request.POST:
            count("passwords_elsewhere")
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
        if request.path == "/o/revoke_token/" and request.method == "POST":
            count(f"revocations_{request.POST.get('token_type_hint', 'none')}")
        return response


class Me(ProtectedResourceView):
    def get(self, request, *args, **kwargs):
        count("api_me")
        return JsonResponse({"username": request.resource_owner.username})


def stats(request):
    from oauth2_provider.models import RefreshToken
    with counters_lock:
        data = dict(counters)
    data["refresh_tokens_live"] = RefreshToken.objects.filter(revoked__isnull=True).count()
    return JsonResponse(data)


from django.contrib.auth.views import LoginView  # noqa: E402
import oauth2_provider.views.device as device_views  # noqa: E402
from oauth2_provider.models import DeviceCodeResponse  # noqa: E402


def device_code_response(**fields):
    """The pinned oauthlib (4.0.1) adds `scope` to the device authorization answer, which the
    pinned django-oauth-toolkit (3.4.1) passes on to a dataclass without that field (HTTP 500).
    The scope is still persisted from the request, so dropping it here changes nothing else."""
    fields.pop("scope", None)
    return DeviceCodeResponse(**fields)


device_views.DeviceCodeResponse = device_code_response


from oauth2_provider.models import get_device_grant_model  # noqa: E402
from oauth2_provider.oauth2_validators import OAuth2Validator  # noqa: E402


class DeviceAwareValidator(OAuth2Validator):
    """The pinned oauthlib (4.0.1) asks the validator for a device code's status, which the pinned
    django-oauth-toolkit (3.4.1) does not implement (it checks the status in its token view, and
    asks oauthlib only for an approved code). Answer from the toolkit's own DeviceGrant record."""

    def validate_device_code(self, client_id, code, request, *args, **kwargs):
        grant = get_device_grant_model().objects.filter(client_id=client_id, device_code=code).first()
        if grant is None:
            return None
        statuses = {grant.AUTHORIZED: "authorized", grant.AUTHORIZATION_PENDING: "authorization_pending",
                    grant.DENIED: "access_denied", grant.EXPIRED: "expired_token"}
        if grant.status == grant.AUTHORIZED:
            request.user = grant.user
            request.scopes = (grant.scope or "").split()
        return statuses.get(grant.status)

urlpatterns = [
    path("accounts/login/", LoginView.as_view()),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/me", Me.as_view()),
    path("_test/stats", stats),
]
if args.metadata == "rfc8414":
    # RFC 8414 §3: the document for issuer http://host/o lives at
    # http://host/.well-known/oauth-authorization-server/o.
    urlpatterns.append(path("", include((metadata_urlpatterns, "oauth2_provider_root"), namespace="root_metadata")))

if not from_template:
    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    User.objects.create_user("demo", password="demo-password")
    Application = get_application_model()
    common = {"authorization_grant_type": Application.GRANT_PASSWORD, "redirect_uris": "", "skip_authorization": True}
    Application.objects.create(name="confidential", client_id="confidential-client", client_secret="confidential-secret",
                               client_type=Application.CLIENT_CONFIDENTIAL, **common)
    Application.objects.create(name="public", client_id="public-client", client_secret="",
                               client_type=Application.CLIENT_PUBLIC, **common)
    Application.objects.create(name="device", client_id="device-client", client_secret="",
                               client_type=Application.CLIENT_PUBLIC, redirect_uris="",
                               authorization_grant_type=Application.GRANT_DEVICE_CODE)
    Application.objects.create(name="browser", client_id="browser-client", client_secret="",
                               client_type=Application.CLIENT_PUBLIC, redirect_uris="http://127.0.0.1/callback",
                               authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, skip_authorization=False)
if args.make_template:
    from django.db import connections  # noqa: E402
    connections.close_all()
    shutil.copyfile(database, template + ".tmp")
    os.replace(template + ".tmp", template)
    with open(template + ".source", "w") as f:
        f.write(source_digest + "\n")
    sys.exit(0)

from django.core.wsgi import get_wsgi_application  # noqa: E402

server.set_app(get_wsgi_application())
print(f"listening on {origin}", flush=True)
server.serve_forever()
