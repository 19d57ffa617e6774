"""The `mcp` SDK's own stdio client, with `authhelper mcp-proxy URL` as its MCP server (the way
Claude Code or VS Code run a stdio server): initializes, lists the tools, calls `greet` with
--calls different names, and prints one JSON line: the tools, the texts, whether any call failed,
and the seconds from start to the first call's answer ("first") and of each later call ("later").

    python mcp_stdio_client.py AUTHHELPER URL [--calls N] [--pause SECONDS] [--announce]

With --announce it then calls `announce` and waits up to 5 s for the server's own notification
(on its GET stream); the line then also has "notices", the notification methods received.

The environment goes to the proxy whole (the SDK passes only a safe few variables by default).
"""
import argparse
import asyncio
import json
import os
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

parser = argparse.ArgumentParser()
parser.add_argument("authhelper")
parser.add_argument("url")
parser.add_argument("--calls", type=int, default=1)
parser.add_argument("--pause", type=float, default=0, help="seconds between calls (a token expiring mid-session)")
parser.add_argument("--announce", action="store_true")
args = parser.parse_args()
notices = []
noticed = asyncio.Event()


async def on_message(message):
    if not isinstance(message, Exception):
        notices.append(message.method)
        noticed.set()


async def main():
    started = time.monotonic()
    server = StdioServerParameters(command=args.authhelper, args=["mcp-proxy", args.url], env=dict(os.environ))
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write, message_handler=on_message) as session:
            await session.initialize()
            tools = await session.list_tools()
            texts, failed, timings = [], False, []
            for call in range(args.calls):
                if call and args.pause:
                    await asyncio.sleep(args.pause)
                before = time.monotonic()
                result = await session.call_tool("greet", {"name": f"proxy {call}"})
                timings.append(time.monotonic() - (started if call == 0 else before))
                failed = failed or bool(result.is_error)
                texts += [part.text for part in result.content if getattr(part, "text", None)]
            if args.announce:
                result = await session.call_tool("announce", {})
                texts += [part.text for part in result.content if getattr(part, "text", None)]
                try:
                    await asyncio.wait_for(noticed.wait(), 5)
                except asyncio.TimeoutError:
                    pass
            print(json.dumps({"tools": [tool.name for tool in tools.tools], "texts": texts, "failed": failed,
                              "first": timings[0] if timings else None, "later": timings[1:], "notices": notices}), flush=True)


asyncio.run(main())
