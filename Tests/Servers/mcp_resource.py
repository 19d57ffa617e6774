"""An MCP server that is a protected resource as the `mcp` SDK makes one (RFC 9728): streamable
HTTP at /mcp (tools `greet`, and `announce`, which tells the client on the server's own GET
stream that the tool list changed, outside any request), a request without a valid token answered 401 with the SDK's
`WWW-Authenticate: Bearer ... resource_metadata="..."`, and the SDK's metadata at
/.well-known/oauth-protected-resource/mcp naming the authorization servers and its scope. A
token counts as valid when the server that issued it says so: its userinfo endpoint takes it, or
its introspection calls it active.

Prints "listening on http://127.0.0.1:PORT" once it serves.

  --issuer URL     an authorization server (repeat for several; the first is the SDK's issuer_url)
  --userinfo URL   where a token is checked (GET with it as Bearer answers 200)
  --introspection URL  or: where a token is checked by introspection (RFC 7662: "active")
  --dpop           take only DPoP-bound tokens, each request with its own proof (RFC 9449 §7), checked
                   as a strict resource server does; the SDK knows only Bearer, so a gate in front of
                   it checks the proof and hands the SDK the token it proved
  --port N         serve on N (an authorization server must know the resource before it starts)
  --dpop-nonce N   with --dpop: proofs must carry this nonce; a proof without it is answered 401
                   `use_dpop_nonce` with `DPoP-Nonce: N` (RFC 9449 §9)
  --scope S        the scope it requires and lists (default: openid)
  --resource URL   the resource its metadata names (default: its own /mcp; another for the mismatch case)
  --refuse-tokens N  refuse the first N valid tokens it sees (as a server that revoked them would)
  --also-require S   require a scope no token is granted too (403 insufficient_scope, as the SDK answers it)
  GET /_test/stats counters: accepted, refused (verifications), tokens (distinct tokens accepted);
  with --dpop also proofs (verified, by method), proofs_refused (with the last reason),
  nonces_asked, bearer_refused (a DPoP-bound token presented bare)
"""
import argparse
import asyncio
import base64
import hashlib
import json
import socket
import time
import threading
import urllib.parse
import urllib.request
import warnings

import uvicorn
from jwcrypto import jwk, jws
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.routes import create_protected_resource_routes
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import Context, MCPServer
from pydantic import AnyHttpUrl
from starlette.responses import JSONResponse
from starlette.routing import Route

parser = argparse.ArgumentParser()
parser.add_argument("--issuer", action="append", required=True)
checks = parser.add_mutually_exclusive_group(required=True)
checks.add_argument("--userinfo")
checks.add_argument("--introspection")
parser.add_argument("--dpop", action="store_true")
parser.add_argument("--dpop-nonce")
parser.add_argument("--scope", default="openid")
parser.add_argument("--resource")
parser.add_argument("--refuse-tokens", type=int, default=0)
parser.add_argument("--also-require")
parser.add_argument("--port", type=int, default=0, help="the port to serve on (default: any free one)")
parser.add_argument("--data", help="ignored (PythonServerProcess passes it)")
args = parser.parse_args()

with socket.socket() as probe:
    probe.bind(("127.0.0.1", args.port))
    port = probe.getsockname()[1]
base = f"http://127.0.0.1:{port}"
own = base + "/mcp"
lock = threading.Lock()
stats = {"accepted": 0, "refused": 0, "tokens": 0, "proofs": {}, "proofs_refused": 0, "refusal": "", "nonces_asked": 0,
         "bearer_refused": 0}
accepted_tokens = set()
refused_tokens = set()
seen_proofs = set()


def introspect(token):
    """The authorization server's word on a token (RFC 7662), {} when it cannot be asked."""
    body = ("token=" + urllib.parse.quote(token, safe="")).encode()
    request = urllib.request.Request(args.introspection, data=body,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)
    except Exception:
        return {}


def token_is_valid(token):
    if args.introspection:
        return introspect(token).get("active") is True
    request = urllib.request.Request(args.userinfo, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 200
    except Exception:
        return False


class IssuerVerifier:
    """A token is valid when the authorization server says so (userinfo or introspection)."""

    async def verify_token(self, token):
        ok = token_is_valid(token)
        with lock:
            if ok and token not in accepted_tokens and len(refused_tokens) < args.refuse_tokens:
                refused_tokens.add(token)
            if token in refused_tokens:
                ok = False
            if ok:
                accepted_tokens.add(token)
            stats["accepted" if ok else "refused"] += 1
            stats["tokens"] = len(accepted_tokens)
        return AccessToken(token=token, client_id="unknown", scopes=[args.scope], resource=own) if ok else None


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    settings = AuthSettings(
        issuer_url=AnyHttpUrl(args.issuer[0]), resource_server_url=AnyHttpUrl(own),
        required_scopes=[args.scope] + ([args.also_require] if args.also_require else []),
        validate_token_resource=False)
mcp = MCPServer("authhelper-resource", auth=settings, token_verifier=IssuerVerifier())


@mcp.tool()
def greet(name: str) -> str:
    """Greets someone."""
    return f"hello, {name}"


@mcp.tool()
async def announce(ctx: Context) -> str:
    """After answering, says on the GET stream (no request of the client's) that the tools changed."""
    session = ctx.session

    async def later():
        await asyncio.sleep(0.3)
        await session.send_tool_list_changed()

    pending.add(asyncio.get_running_loop().create_task(later()))
    return "announced"


pending = set()


app = mcp.streamable_http_app()
# The SDK publishes its metadata for one issuer; with several (or another resource) the same
# route builder is given them all.
if len(args.issuer) > 1 or args.resource:
    app.router.routes[:] = [
        route for route in app.router.routes if not getattr(route, "path", "").startswith("/.well-known/oauth-protected-resource")
    ]
    app.router.routes[:0] = create_protected_resource_routes(
        resource_url=AnyHttpUrl(args.resource or own), authorization_servers=[AnyHttpUrl(i) for i in args.issuer],
        scopes_supported=[args.scope])
app.router.routes.insert(0, Route("/_test/stats", lambda request: JSONResponse(stats)))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def proof_problem(proof, method, url, token):
    """Why a DPoP proof does not prove `token` for this request (RFC 9449 §4.3, §7.1), or None."""
    if not proof or "," in proof:
        return "not one DPoP header"
    try:
        encoded = proof.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        if header.get("typ") != "dpop+jwt" or header.get("alg") != "ES256":
            return f"header {header}"
        key = jwk.JWK(**header["jwk"])
        if key.has_private:
            return "a private key in the proof"
        signed = jws.JWS()
        signed.deserialize(proof)
        signed.verify(key, alg="ES256")
        claims = json.loads(signed.payload)
    except Exception as error:
        return f"unreadable proof: {error}"
    if claims.get("htm") != method or claims.get("htu") != url:
        return f"for {claims.get('htm')} {claims.get('htu')}, not {method} {url}"
    if abs(time.time() - claims.get("iat", 0)) > 60:
        return "iat too far from now"
    if not claims.get("jti") or claims["jti"] in seen_proofs:
        return "a replayed proof"
    if claims.get("ath") != b64url(hashlib.sha256(token.encode()).digest()):
        return "ath is not the token's hash"
    if args.dpop_nonce and claims.get("nonce") != args.dpop_nonce:
        return "nonce"
    seen_proofs.add(claims["jti"])
    bound = introspect(token).get("cnf", {}).get("jkt")
    if bound != key.thumbprint():
        return f"the token is bound to {bound}, the proof shows {key.thumbprint()}"
    return None


class DPoPGate:
    """In front of the SDK (which knows only Bearer): a DPoP request's proof is checked here, and
    the SDK is handed the token it proved; a DPoP-bound token presented bare is refused."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/mcp"):
            return await self.app(scope, receive, send)
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        scheme, _, token = headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token and introspect(token).get("cnf"):
            with lock:
                stats["bearer_refused"] += 1
            return await self.refuse('DPoP error="invalid_token"', scope, receive, send)
        if scheme.lower() == "dpop":
            problem = proof_problem(headers.get("dpop"), scope["method"], base + scope["path"], token)
            if problem == "nonce":
                with lock:
                    stats["nonces_asked"] += 1
                return await self.refuse('DPoP error="use_dpop_nonce"', scope, receive, send, {"DPoP-Nonce": args.dpop_nonce})
            if problem:
                with lock:
                    stats["proofs_refused"] += 1
                    stats["refusal"] = problem
                return await self.refuse('DPoP error="invalid_dpop_proof"', scope, receive, send)
            with lock:
                stats["proofs"][scope["method"]] = stats["proofs"].get(scope["method"], 0) + 1
            scope = dict(scope, headers=[(name, value) for name, value in scope["headers"]
                                         if name.lower() not in (b"authorization", b"dpop")]
                         + [(b"authorization", ("Bearer " + token).encode())])
        return await self.app(scope, receive, send)

    async def refuse(self, challenge, scope, receive, send, extra=None):
        headers = {"WWW-Authenticate": challenge, **(extra or {})}
        await JSONResponse({"error": "invalid_token"}, status_code=401, headers=headers)(scope, receive, send)


config = uvicorn.Config(DPoPGate(app) if args.dpop else app, host="127.0.0.1", port=port, log_level="warning")
server = uvicorn.Server(config)
threading.Timer(0.5, lambda: print(f"listening on {base}", flush=True)).start()
server.run()
