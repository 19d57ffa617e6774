"""An MCP server that is a protected resource as the `mcp` SDK makes one (RFC 9728): streamable
HTTP at /mcp (a tool `greet`), a request without a valid token answered 401 with the SDK's
`WWW-Authenticate: Bearer ... resource_metadata="..."`, and the SDK's metadata at
/.well-known/oauth-protected-resource/mcp naming the authorization servers and its scope. A
token counts as valid when the authorization server's userinfo endpoint takes it (GET with it as
Bearer answers 200): the server that issued it says so.

Prints "listening on http://127.0.0.1:PORT" once it serves.

  --issuer URL     an authorization server (repeat for several; the first is the SDK's issuer_url)
  --userinfo URL   where a token is checked
  --scope S        the scope it requires and lists (default: openid)
  --resource URL   the resource its metadata names (default: its own /mcp; another for the mismatch case)
  --refuse-tokens N  refuse the first N valid tokens it sees (as a server that revoked them would)
  --also-require S   require a scope no token is granted too (403 insufficient_scope, as the SDK answers it)
  GET /_test/stats counters: accepted, refused (verifications), tokens (distinct tokens accepted)
"""
import argparse
import socket
import threading
import urllib.request
import warnings

import uvicorn
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.routes import create_protected_resource_routes
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from pydantic import AnyHttpUrl
from starlette.responses import JSONResponse
from starlette.routing import Route

parser = argparse.ArgumentParser()
parser.add_argument("--issuer", action="append", required=True)
parser.add_argument("--userinfo", required=True)
parser.add_argument("--scope", default="openid")
parser.add_argument("--resource")
parser.add_argument("--refuse-tokens", type=int, default=0)
parser.add_argument("--also-require")
parser.add_argument("--data", help="ignored (PythonServerProcess passes it)")
args = parser.parse_args()

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
base = f"http://127.0.0.1:{port}"
own = base + "/mcp"
lock = threading.Lock()
stats = {"accepted": 0, "refused": 0, "tokens": 0}
accepted_tokens = set()
refused_tokens = set()


class UserinfoVerifier:
    """A token is valid when the authorization server's userinfo endpoint takes it."""

    async def verify_token(self, token):
        request = urllib.request.Request(args.userinfo, headers={"Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                ok = answer.status == 200
        except Exception:
            ok = False
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
mcp = MCPServer("authhelper-resource", auth=settings, token_verifier=UserinfoVerifier())


@mcp.tool()
def greet(name: str) -> str:
    """Greets someone."""
    return f"hello, {name}"


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


config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
server = uvicorn.Server(config)
threading.Timer(0.5, lambda: print(f"listening on {base}", flush=True)).start()
server.run()
