"""What the AI agents reach in the tests, on one plain-http loopback port: an MCP server (the `mcp`
SDK's, streamable HTTP at /mcp) and stand-ins for the model APIs Claude Code and Codex call. Each
answers only a request whose credential is an access token the API accepts (asked at --api URL's
/users/me), and 401 otherwise.

POST|GET /mcp            the MCP server (a tool `greet`); Authorization: Bearer TOKEN
POST /v1/messages        Anthropic's Messages API, as `claude -p` calls it (x-api-key or Bearer):
                         one assistant message, streamed when asked
POST /v1/responses       OpenAI's Responses API, as `codex exec` calls it (Bearer): one message, streamed
GET  /_test/stats        counters per area (mcp, messages, responses): accepted, refused; credentials seen
"""
import argparse
import json
import socket
import threading

import live_token
import uvicorn
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Mount, Route

parser = argparse.ArgumentParser()
parser.add_argument("--api", required=True, help="the API whose /users/me accepts the access token")
parser.add_argument("--data", help="ignored (PythonServerProcess passes it)")
args = parser.parse_args()

lock = threading.Lock()
stats = {area: {"accepted": 0, "refused": 0} for area in ("mcp", "messages", "responses")}
credentials = []
REPLY = "hello from the model"


def api_accepts(token):
    return live_token.api_accepts(args.api, token)


def check(area, headers):
    """The token the request carries (x-api-key, or Authorization: Bearer), if the API takes it."""
    header = headers.get("authorization", "")
    token = headers.get("x-api-key") or (header[7:] if header.startswith("Bearer ") else "")
    with lock:
        credentials.append(header or "x-api-key: " + headers.get("x-api-key", ""))
    ok = bool(token) and api_accepts(token)
    with lock:
        stats[area]["accepted" if ok else "refused"] += 1
    return ok


mcp = MCPServer("authhelper-test")


@mcp.tool()
def greet(name: str) -> str:
    """Greets someone."""
    return f"hello, {name}"


mcp_app = mcp.streamable_http_app(streamable_http_path="/")


class BearerOnly:
    """The MCP endpoint takes only a live token (RFC 6750's 401 otherwise)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
            if not check("mcp", headers):
                response = PlainTextResponse("the token was refused\n", 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


def sse(events):
    def body():
        for name, data in events:
            yield f"event: {name}\ndata: {json.dumps(data)}\n\n"
    return StreamingResponse(body(), media_type="text/event-stream")


async def messages(request):
    if not check("messages", request.headers):
        return JSONResponse({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}, 401)
    body = await request.json()
    usage = {"input_tokens": 1, "output_tokens": 1}
    message = {"id": "msg_test", "type": "message", "role": "assistant", "model": body.get("model", "test"), "content": [],
               "stop_reason": None, "stop_sequence": None, "usage": usage}
    if not body.get("stream"):
        return JSONResponse(dict(message, content=[{"type": "text", "text": REPLY}], stop_reason="end_turn"))
    return sse([
        ("message_start", {"type": "message_start", "message": message}),
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": REPLY}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": usage}),
        ("message_stop", {"type": "message_stop"}),
    ])


async def responses(request):
    if not check("responses", request.headers):
        return JSONResponse({"error": {"message": "invalid token", "type": "invalid_request_error", "code": "invalid_api_key"}}, 401)
    body = await request.json()
    item = {"type": "message", "id": "msg_test", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": REPLY, "annotations": []}]}
    response = {"id": "resp_test", "object": "response", "status": "completed", "model": body.get("model", "test"), "output": [item],
                "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2,
                          "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}}
    return sse([
        ("response.created", {"type": "response.created", "response": dict(response, status="in_progress", output=[])}),
        ("response.output_item.added", {"type": "response.output_item.added", "output_index": 0, "item": dict(item, content=[])}),
        ("response.output_text.delta", {"type": "response.output_text.delta", "item_id": "msg_test", "output_index": 0,
                                        "content_index": 0, "delta": REPLY}),
        ("response.output_item.done", {"type": "response.output_item.done", "output_index": 0, "item": item}),
        ("response.completed", {"type": "response.completed", "response": response}),
    ])


async def test_stats(request):
    with lock:
        return JSONResponse({"stats": stats, "credentials": credentials})


app = Starlette(
    routes=[
        Route("/v1/messages", messages, methods=["POST"]),
        Route("/v1/responses", responses, methods=["POST"]),
        Route("/_test/stats", test_stats),
        Mount("/mcp", app=BearerOnly(mcp_app)),
    ],
    lifespan=lambda app: mcp_app.router.lifespan_context(app),
)

sock = socket.socket()
sock.bind(("127.0.0.1", 0))
print(f"listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
