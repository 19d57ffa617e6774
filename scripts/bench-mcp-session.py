"""The body of scripts/bench-mcp, run inside the private keyring session it creates. Not for
direct use. Starts Glewlwyd (open registration) and the SDK-built MCP server, then per round:
- the SDK's OAuth client, from nothing: registers, logs in (the person of glewlwyd_person.py),
  calls `greet` three times, tokens in its memory; then a second such client (a second tool, a
  second terminal): the same again;
- authhelper: `authhelper login URL` (registers, logs in, the session in the keyring), then the
  SDK's stdio client through `authhelper mcp-proxy URL`, three calls; then a second stdio client.
Prints a Markdown table of medians (seconds as milliseconds).
"""
import json
import os
import statistics
import subprocess
import sys
import time

repo = os.environ["REPO"]
python = sys.executable
servers = repo + "/Tests/Servers/"
rounds = int(os.environ.get("ROUNDS", "5"))
home = os.environ["HOME"]


def start(script, *arguments):
    process = subprocess.Popen([python, servers + script, "--data", home + "/" + script, *arguments], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    if not line.startswith("listening on "):
        sys.exit(f"bench-mcp: {script} did not start: {line!r}")
    return process, line.split()[-1]


def timed(command, environment=None):
    """Wall seconds of `command`, and its last stdout line parsed (when it is JSON)."""
    before = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    elapsed = time.monotonic() - before
    if result.returncode != 0:
        sys.exit(f"bench-mcp: {command[:3]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    last = (result.stdout.strip().splitlines() or [""])[-1]
    try:
        return elapsed, json.loads(last)
    except ValueError:
        return elapsed, {}


glewlwyd, base = start("glewlwyd_server.py", "--register")
resource, origin = start("mcp_resource.py", "--issuer", base + "/api/oidc", "--userinfo", base + "/api/oidc/userinfo")
url = origin + "/mcp"
person = dict(os.environ, BROWSER=f"{python} {servers}glewlwyd_person.py")
rows = {key: [] for key in ("sdk_first", "sdk_warm", "sdk_second", "ah_login", "ah_first", "ah_warm", "ah_second")}
try:
    for _ in range(rounds):
        elapsed, answer = timed([python, servers + "mcp_sdk_oauth_client.py", url, "--calls", "3"])
        rows["sdk_first"].append(elapsed - sum(answer["later"]))  # up to the first call's answer, process start included
        rows["sdk_warm"] += answer["later"]
        elapsed, answer = timed([python, servers + "mcp_sdk_oauth_client.py", url, "--calls", "1"])
        rows["sdk_second"].append(elapsed)

        subprocess.run(["authhelper", "logout", "--all", "--forget"], capture_output=True)
        elapsed, _ = timed(["authhelper", "login", url], person)
        rows["ah_login"].append(elapsed)
        elapsed, answer = timed([python, servers + "mcp_stdio_client.py", "authhelper", url, "--calls", "3"])
        rows["ah_first"].append(rows["ah_login"][-1] + elapsed - sum(answer["later"]))
        rows["ah_warm"] += answer["later"]
        elapsed, answer = timed([python, servers + "mcp_stdio_client.py", "authhelper", url, "--calls", "1"])
        rows["ah_second"].append(elapsed)
finally:
    resource.terminate()
    glewlwyd.terminate()


def ms(key):
    return f"{statistics.median(rows[key]) * 1000:.0f} ms"


print(f"""
| # | what | the SDK's own OAuth client | authhelper mcp-proxy |
|---|---|---|---|
| 1 | from nothing to a first tool call's answer (registration and login included) | {ms("sdk_first")} | {ms("ah_first")} (login {ms("ah_login")}) |
| 2 | a warm tool call, same session | {ms("sdk_warm")} | {ms("ah_warm")} |
| 3 | a second MCP client (another tool, another terminal): start to first answer | {ms("sdk_second")}, and the person logs in again | {ms("ah_second")}, no login |
| 4 | logins the person does for two clients | 2 (one per process) | 1 |
| 5 | what is stored, and where | tokens and the registered client in the process's memory (the SDK's `TokenStorage` examples): gone at exit | the refresh token and the registration access token in the keyring; the access token in the private runtime cache; the client ID in the config |

{rounds} round(s), medians; Glewlwyd 2.7 and the SDK-built MCP server on loopback; every call is checked at Glewlwyd's userinfo.
""")
