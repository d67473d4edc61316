"""The demo cycle of `make run`, made through the API as the first
organizer would make it (the same code path, not SQL of its own): open for
nominations now, two categories, a three-criterion rubric with words for
the ends of its scales.  Only when the database has no cycle yet."""

import datetime
import json
import re
import subprocess
import urllib.request

CATEGORIES = [
    ("Students", "A student who made their campus safer for everyone."),
    ("Staff and faculty", "A colleague who supported survivors and changed "
     "how their workplace responds to harassment."),
]
CRITERIA = [
    ("Impact", "How much safer and more supported did people become?", 2),
    ("Initiative", "Did they go beyond what their role asked of them?", 1),
    ("Care", "Did they centre survivors and respect confidentiality?", 1),
]


class Client:
    """JSON over HTTP with the session cookie and the CSRF header."""

    def __init__(self, base):
        self.base = base
        self.cookie = None
        self.csrf = None

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.cookie:
            req.add_header("Cookie", self.cookie)
            req.add_header("X-CSRF-Token", self.csrf)
        with urllib.request.urlopen(req, timeout=10) as r:
            cookie = r.headers.get("Set-Cookie")
            if cookie and self.cookie is None:
                self.cookie = cookie.split(";", 1)[0]
            text = r.read()
            return json.loads(text) if text else None


def iso(days):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_demo_cycle(stack, organizer_email):
    """Signs in as organizer_email with a one-time link from `awards user
    link`, builds the cycle through the API, and signs out."""
    if stack.psql("SELECT count(*) FROM cycles").strip() != "0":
        return None
    out = subprocess.run([stack.binary, "user", "link", "--email",
                          organizer_email], env=stack.process_env(),
                         capture_output=True, text=True, check=True)
    token = re.search(r"#token=([0-9a-f]{64})", out.stdout).group(1)
    api = Client(stack.base_url)
    api.csrf = api.call("POST", "/api/session/token",
                        {"token": token})["csrf_token"]
    year = (datetime.date.today() + datetime.timedelta(days=60)).year
    cycle = api.call("POST", "/api/cycles", {
        "name": f"Change-Maker Awards {year}",
        "nominations_open_at": iso(-1), "nominations_close_at": iso(60),
        "scoring_close_at": iso(90)})
    for name, description in CATEGORIES:
        api.call("POST", f"/api/cycles/{cycle['id']}/categories",
                 {"name": name, "description": description,
                  "max_awardees": 2})
    for name, description, weight in CRITERIA:
        api.call("POST", f"/api/cycles/{cycle['id']}/criteria",
                 {"name": name, "description": description,
                  "weight": weight, "min": 1, "max": 5,
                  "min_label": "little evidence",
                  "max_label": "exceptional"})
    api.call("POST", f"/api/cycles/{cycle['id']}/phase",
             {"phase": "nominations_open"})
    api.call("DELETE", "/api/session")
    return cycle["id"]
