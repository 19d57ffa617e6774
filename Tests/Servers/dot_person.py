"""The person in front of django-oauth-toolkit's pages (dot_server.py), as a scripted HTTP session:
logs in on the server's own login page, then answers a device code or a consent page.

    python dot_person.py device VERIFICATION_URL [--deny]
    python dot_person.py browser AUTHORIZATION_URL [--deny] [--print-redirect]

`device` opens the verification address (verification_uri_complete), submits the user code and
presses Accept (or Deny). `browser` opens the authorization address, presses Authorize (or
Cancel) and follows the redirect to authhelper's loopback listener, as a browser would; with
--print-redirect it stops there and prints the address instead (what a person on another machine
would copy from the address bar). The user is demo / demo-password. Exit 0 when every page
answered as expected.
"""
import argparse
import re
import sys
from urllib.parse import urljoin, urlsplit

import requests

parser = argparse.ArgumentParser()
parser.add_argument("mode", choices=["device", "browser"])
parser.add_argument("url")
parser.add_argument("--deny", action="store_true")
parser.add_argument("--print-redirect", action="store_true")
args = parser.parse_args()

session = requests.Session()


def csrf(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        sys.exit(f"no CSRF token in the page:\n{html[:500]}")
    return match.group(1)


def hidden_fields(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def log_in(next_url):
    """Opens next_url; Django sends an anonymous visitor to its login page first."""
    page = session.get(next_url)
    page.raise_for_status()
    if "/accounts/login/" not in page.url:
        return page
    answer = session.post(page.url, data={"csrfmiddlewaretoken": csrf(page.text), "username": "demo",
                                          "password": "demo-password"}, headers={"Referer": page.url})
    answer.raise_for_status()
    return answer


if args.mode == "device":
    page = log_in(args.url)
    user_code = re.search(r'name="user_code" value="([^"]+)"', page.text)
    if not user_code:
        sys.exit(f"the device page does not hold the user code:\n{page.text[:500]}")
    confirm = session.post(page.url, data={"csrfmiddlewaretoken": csrf(page.text), "user_code": user_code.group(1)},
                           headers={"Referer": page.url})
    confirm.raise_for_status()
    done = session.post(confirm.url, data={"csrfmiddlewaretoken": csrf(confirm.text),
                                           "action": "deny" if args.deny else "accept"}, headers={"Referer": confirm.url})
    done.raise_for_status()
    print("device", "denied" if args.deny else "accepted", user_code.group(1))
else:
    page = log_in(args.url)
    if 'id="authorizationForm"' not in page.text:
        sys.exit(f"no consent page:\n{page.text[:800]}")
    fields = hidden_fields(page.text)
    fields["csrfmiddlewaretoken"] = csrf(page.text)
    if not args.deny:
        fields["allow"] = "Authorize"
    answer = session.post(page.url, data=fields, headers={"Referer": page.url}, allow_redirects=False)
    if answer.status_code != 302:
        sys.exit(f"the consent page answered {answer.status_code}:\n{answer.text[:500]}")
    location = urljoin(page.url, answer.headers["Location"])
    if urlsplit(location).hostname != "127.0.0.1":
        sys.exit(f"the server redirected elsewhere: {location}")
    if args.print_redirect:
        print(location)
    else:
        back = requests.get(location, timeout=30)
        print("loopback answered", back.status_code, back.text)
