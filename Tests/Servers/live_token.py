"""Whether an access token is live: what every test registry asks the API before it answers
(`GET API/users/me` with the token as bearer, 200 or not). Imported by the servers beside it."""
import urllib.request


def api_accepts(api, token):
    request = urllib.request.Request(api + "/users/me", headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 200
    except Exception:
        return False
