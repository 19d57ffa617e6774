"""The person at a browser for oidc_provider_server.py, started as authhelper's $BROWSER: opens
the authorization address, logs in on Django's login page as demo / demo-password, and follows
the redirects back to authhelper's loopback listener, as a browser would; on the consent page
(shown to public clients) it presses Authorize.

    python oidc_person.py AUTHORIZATION_URL

Exit 0 when the listener answered.
"""
import re
import sys

import requests

session = requests.Session()
page = session.get(sys.argv[1], timeout=30)
page.raise_for_status()
if "/accounts/login/" in page.url:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not token:
        sys.exit(f"no CSRF token on the login page:\n{page.text[:500]}")
    page = session.post(page.url, data={"csrfmiddlewaretoken": token.group(1), "username": "demo", "password": "demo-password"},
                        headers={"Referer": page.url}, timeout=30)
if 'action="/openid/authorize"' in page.text:
    fields = dict(re.findall(r'<input name="([^"]+)" type="hidden" value="([^"]*)"', page.text))
    fields["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    fields["allow"] = "Authorize"
    page = session.post(page.url.split("?")[0], data=fields, headers={"Referer": page.url}, timeout=30)
if not page.url.startswith("http://127.0.0.1:") or "/callback" not in page.url:
    sys.exit(f"did not end at the loopback listener: {page.url} ({page.status_code})\n{page.text[:500]}")
print("loopback answered", page.status_code)
