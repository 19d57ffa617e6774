"""The `mcp` SDK's own OAuth client (`mcp.client.auth.OAuthClientProvider`) reaching an MCP server
that is a protected resource — what scripts/bench-mcp sets beside `authhelper mcp-proxy`. It
does what the SDK's examples do: discovers the server's metadata (RFC 9728) and its authorization
server, registers itself (RFC 7591), logs in with PKCE in a "browser" (the person of
glewlwyd_person.py, here in this process), keeps the tokens in memory, and calls `greet`.

    python mcp_sdk_oauth_client.py URL [--calls N]

Prints one JSON line: the seconds from start to the first tool call's answer (the login included),
the seconds of each later call, and the texts.
"""
import argparse
import asyncio
import json
import os
import time
from urllib.parse import parse_qs, urljoin, urlparse

import httpx2
import requests
from mcp import ClientSession
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("--calls", type=int, default=2)
args = parser.parse_args()
started = time.monotonic()
REDIRECT = "http://127.0.0.1:8765/callback"
# Glewlwyd 2.7 reads `token_endpoint_auth_method: "none"` only from an array and registers a client
# that sends the string as confidential, whose code exchange then fails (docs/servers.md); the SDK
# sends the string, so here it registers as a confidential client and uses the secret it is given.
AUTH_METHOD = "client_secret_post"


class MemoryStorage:
    """Where the SDK's examples keep tokens and the registered client: this process's memory."""

    def __init__(self):
        self.tokens = self.client = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client

    async def set_client_info(self, client_info):
        self.client = client_info


redirected = {}


def person_at_the_browser(authorization):
    """glewlwyd_person.py's steps; the redirect's code and state are kept, not sent to a listener."""
    base = "{0.scheme}://{0.netloc}".format(urlparse(authorization))
    session = requests.Session()
    # Glewlwyd 2.7 wants a nonce whenever `openid` is asked for (OpenID Connect Core needs one only
    # for the implicit and hybrid flows); the SDK sends none, so the person's browser adds one.
    if "nonce=" not in authorization:
        authorization += "&nonce=" + os.urandom(8).hex()
    page = session.get(authorization, allow_redirects=False, timeout=30)
    login = parse_qs(urlparse(page.headers["Location"]).query)
    session.post(base + "/api/auth/", json={"username": "alice", "password": os.environ.get("GLEWLWYD_PASSWORD", "alice-password")},
                 timeout=30).raise_for_status()
    session.put(f"{base}/api/auth/grant/{login['client_id'][0]}", json={"scope": login["scope"][0]}, timeout=30).raise_for_status()
    page = session.get(urljoin(base + "/", login["callback_url"][0]) + "&g_continue", allow_redirects=False, timeout=30)
    query = parse_qs(urlparse(page.headers.get("Location", "")).query)
    if "code" not in query:
        raise SystemExit(f"no code in the redirect: {page.status_code} {page.headers.get('Location')} {page.text[:300]}")
    redirected.update(code=query["code"][0], state=query.get("state", [None])[0], iss=query.get("iss", [None])[0])


async def redirect_handler(authorization):
    await asyncio.to_thread(person_at_the_browser, authorization)


async def callback_handler():
    return AuthorizationCodeResult(code=redirected["code"], state=redirected["state"], iss=redirected["iss"])


async def main():
    auth = OAuthClientProvider(
        server_url=args.url,
        client_metadata=OAuthClientMetadata(
            client_name="mcp-sdk-client", redirect_uris=[REDIRECT], grant_types=["authorization_code", "refresh_token"],
            response_types=["code"], token_endpoint_auth_method=AUTH_METHOD),
        storage=MemoryStorage(), redirect_handler=redirect_handler, callback_handler=callback_handler)
    timings, texts = [], []
    async with httpx2.AsyncClient(auth=auth, timeout=60) as http:
        async with streamable_http_client(args.url, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                for call in range(args.calls):
                    before = time.monotonic()
                    result = await session.call_tool("greet", {"name": f"sdk {call}"})
                    timings.append(time.monotonic() - (started if call == 0 else before))
                    texts += [part.text for part in result.content if getattr(part, "text", None)]
    print(json.dumps({"first": timings[0], "later": timings[1:], "texts": texts}), flush=True)


asyncio.run(main())
