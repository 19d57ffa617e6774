"""The person at a browser for glewlwyd_server.py, started as authhelper's $BROWSER: opens the
authorization address, is sent to Glewlwyd's login page, and does there what that page's script
does through Glewlwyd's own API — logs in as alice (POST /api/auth/), grants the client the scopes
it asks (PUT /api/auth/grant/CLIENT) — then goes back to the address the login page was given
and follows the redirect to authhelper's loopback listener.

    python glewlwyd_person.py AUTHORIZATION_URL

Exit 0 when the listener answered.
"""
import os
import sys
from urllib.parse import parse_qs, urljoin, urlparse

import requests

authorization = sys.argv[1]
base = "{0.scheme}://{0.netloc}".format(urlparse(authorization))
password = os.environ.get("GLEWLWYD_PASSWORD", "alice-password")
session = requests.Session()

page = session.get(authorization, allow_redirects=False, timeout=30)
if page.status_code != 302 or "login.html" not in page.headers.get("Location", ""):
    sys.exit(f"expected the login page, got {page.status_code} {page.headers.get('Location')}\n{page.text[:500]}")
login = parse_qs(urlparse(page.headers["Location"]).query)
callback = login["callback_url"][0]
client_id = login["client_id"][0]
scope = login["scope"][0]

answer = session.post(base + "/api/auth/", json={"username": "alice", "password": password}, timeout=30)
if answer.status_code != 200:
    sys.exit(f"login refused: {answer.status_code}")
answer = session.put(f"{base}/api/auth/grant/{client_id}", json={"scope": scope}, timeout=30)
if answer.status_code != 200:
    sys.exit(f"grant refused: {answer.status_code} {answer.text[:300]}")

# The login page's script adds g_continue when it sends the browser back ("logged in, go on").
page = session.get(urljoin(base + "/", callback) + "&g_continue", allow_redirects=False, timeout=30)
location = page.headers.get("Location", "")
if page.status_code != 302 or not location.startswith("http://127.0.0.1:"):
    sys.exit(f"did not redirect to the loopback listener: {page.status_code} {location}\n{page.text[:500]}")
print("redirected to", location.split("?")[0], sorted(parse_qs(urlparse(location).query)), file=sys.stderr)
page = session.get(location, timeout=30)
print("loopback answered", page.status_code)
