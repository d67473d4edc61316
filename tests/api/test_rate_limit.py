"""nginx limit_req on the anonymous public routes only (SPEC §7): each
test starts an nginx of its own with a limit (the shared one runs with
rate limits off), in front of the stack's awards serve."""

import contextlib
import os
import re
import time

import requests

from accounts_util import PASSWORD, pwhash
from cycles_util import insert_confirmed
from scoring_util import member
from stack import (DEFAULT_RATE_LIMIT, RATE_BURST, ROOT, free_port,
                   retry_after)

STATEMENT = ("She set up a peer-support line for survivors on campus and "
             "trained forty volunteers to answer it with care.")

# Sent to each route whose limit is in question: more than a zone lets
# through at once (RATE_BURST + 1), so one route counted is seen.
PAST_BURST = RATE_BURST + 5


def routes():
    """(method, path, role) of every entry of cgi/route.c's table."""
    with open(os.path.join(ROOT, "cgi", "route.c")) as f:
        text = f.read()
    return re.findall(r'\{\s*METHOD_(\w+),\s*"([^"]+)",\s*\w+,\s*'
                      r'(ROLE_\w+)\s*\}', text)


def concrete(path):
    """A path of the pattern: {id} an id nothing has, {name} a word."""
    return path.replace("{id}", "999999").replace("{name}", "nothing")


@contextlib.contextmanager
def limited_nginx(stack, rate):
    """Another nginx of the shipped template with limit_req at rate;
    yields its base URL."""
    port, name = free_port(), "nginx-limited"
    saved, stack.rate_limit = stack.rate_limit, rate
    try:
        stack.start_nginx(name=name, port=port)
    finally:
        stack.rate_limit = saved
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stack.stop(name)


def assert_throttled(r, rate):
    """r is nginx's own 429: the JSON of SPEC §4 with Retry-After."""
    assert r.status_code == 429, (r.status_code, r.text)
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["error"]["code"] == "throttled"
    assert int(r.headers["Retry-After"]) == retry_after(rate)


def test_forty_screenings_in_a_minute(stack, db, new_api, open_cycle):
    """An organizer screening a pile of nominations (issue 20: the 12th
    PATCH /api/nominations/{id} in a minute got 429)."""
    ids = [insert_confirmed(db, open_cycle["id"], open_cycle["categories"][0],
                            f"nominee{i}@example.org",
                            f"nominator{i}@example.org")[1]
           for i in range(40)]
    with limited_nginx(stack, DEFAULT_RATE_LIMIT) as base:
        _, org = member(new_api, db, role="organizer")
        org.base = base
        statuses = [org.patch(f"/api/nominations/{nid}",
                              json={"status": "eligible"}).status_code
                    for nid in ids]
    assert statuses == [200] * 40


def test_member_and_organizer_writes_are_never_limited(stack, db, new_api):
    """Every write route of cgi/route.c that is not public, sent more
    requests than a zone lets through at once (a slow rate, so nothing is
    let through again meanwhile): none is nginx's 429.  The answers
    themselves are the application's (404 for ids nothing has, 422 for
    empty bodies), which is all this asks; DELETE /api/session (signing
    out) comes last."""
    writes = sorted((r for r in routes()
                     if r[0] != "GET" and r[2] != "ROLE_ANYONE"),
                    key=lambda r: r[1] == "/api/session")
    assert ("PATCH", "/api/nominations/{id}", "ROLE_ORGANIZER") in writes
    assert ("DELETE", "/api/session", "ROLE_USER") in writes
    rate = "1r/m"
    with limited_nginx(stack, rate) as base:
        _, org = member(new_api, db, role="organizer")
        _, mem = member(new_api, db, role="committee")
        throttled = []
        for method, path, role in writes:
            client = mem if role == "ROLE_MEMBER" else org
            client.base = base
            for _ in range(PAST_BURST):
                r = client.request(method, concrete(path), json={})
                if r.status_code == 429 and "Retry-After" in r.headers:
                    throttled.append((method, path))
                    break
        # The same nginx does limit a public route.
        last = [requests.post(base + "/api/nominations", json={},
                              timeout=10) for _ in range(PAST_BURST)][-1]
        assert last.status_code == 429
    assert throttled == []


def test_an_office_of_thirty_signs_in_and_nominates(stack, db, mailbox,
                                                    new_api, open_cycle):
    """Thirty colleagues behind one address each sign in and nominate
    within ten minutes without a 429 (SPEC §7), on a clock sixty times
    faster: nginx's rate is the default's per second instead of per
    minute (10r/m becomes 10r/s), so ten minutes become ten seconds; the
    burst is a count and stays.  The journey, in that time:

    - the meeting (minute 0): all thirty sign in one after the other, as
      fast as the server answers (POST /api/session, an argon2 hash each);
    - right after it: all thirty submit their nomination back to back,
      faster than the rate, which the burst is for;
    - then each confirms from the link mailed to them, one every 0.15 s
      (4.5 modelled minutes, and slower than the rate, so that the burst
      drains meanwhile).

    The whole takes about 9 s here: within the ten modelled minutes.

    A single zone for sign-ins and nominations, or a burst that holds less
    than the thirty submissions, answers 429 somewhere here."""
    n = 30
    hashed = pwhash(PASSWORD)  # one hash for all: each costs 64 MiB
    emails = [f"colleague{i}@office.example.org" for i in range(n)]
    for i, email in enumerate(emails):
        db.execute("INSERT INTO users (email, name, role, password_hash) "
                   "VALUES (%s, %s, 'committee', %s)",
                   (email, f"Colleague {i}", hashed))
    fast = DEFAULT_RATE_LIMIT.replace("r/m", "r/s")
    assert fast != DEFAULT_RATE_LIMIT
    with limited_nginx(stack, fast) as base:
        people = [new_api() for _ in emails]
        for who in people:
            who.base = base
        started = time.monotonic()
        for who, email in zip(people, emails):
            r = who.post("/api/session",
                         json={"email": email, "password": PASSWORD})
            assert r.status_code == 200, (email, r.status_code, r.text)
            who.csrf = r.json()["csrf_token"]
        for i, (who, email) in enumerate(zip(people, emails)):
            r = who.post("/api/nominations", json={
                "cycle_id": open_cycle["id"],
                "category_id": open_cycle["categories"][0],
                "nominee": {"name": f"Nominee {i}",
                            "email": f"nominee{i}@example.org",
                            "affiliation": "", "role": ""},
                "nominator": {"name": f"Colleague {i}", "email": email,
                              "affiliation": "The office",
                              "relationship": "Colleague"},
                "statement": STATEMENT, "consent_contact_nominee": False})
            assert r.status_code == 202, (email, r.status_code, r.text)
        pace = 0.15
        next_at = time.monotonic()
        for who, email in zip(people, emails):
            token = mailbox.link_token(email, "confirm")
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at = time.monotonic() + pace
            r = who.post("/api/nominations/confirm", json={"token": token})
            assert r.status_code == 200, (email, r.status_code, r.text)
        elapsed = time.monotonic() - started
    db.execute("SELECT count(*) FROM nominations WHERE status = 'submitted'")
    assert db.fetchone()[0] == n
    # Sixty times faster: what took `elapsed` seconds models as many
    # minutes; a slower machine only spreads the journey out, which the
    # limit allows more easily.
    print(f"the office's journey took {elapsed:.1f} s (modelled minutes)")


def public_posts():
    """The anonymous public write routes of SPEC §7 by zone: those of
    cgi/route.c, and POST /api/letters, which the specification names
    before the application has it."""
    found = {path for method, path, role in routes()
             if method == "POST" and role == "ROLE_ANYONE"}
    found.add("/api/letters")
    session = sorted(p for p in found if p.startswith("/api/session"))
    return sorted(found - set(session)), session


def test_public_routes_answer_429_past_the_limit(stack, open_cycle):
    """Every public write route is limited, in one of two zones: each
    lets RATE_BURST + 1 requests through at once, then answers 429 as
    JSON with Retry-After.  The nominating routes exhausted, a committee
    member can still accept her invitation (issue 20)."""
    nominating, session = public_posts()
    assert "/api/nominations/correct" in nominating
    # Submitting first: the route an office fills the zone with.
    nominating.remove("/api/nominations")
    nominating.insert(0, "/api/nominations")
    assert session == ["/api/session", "/api/session/link",
                       "/api/session/token"]
    # The invitation first: right after the office's nominations.
    session.reverse()
    rate = "1r/m"
    with limited_nginx(stack, rate) as base:
        for zone in (nominating, session):
            first = [requests.post(base + zone[0], json={}, timeout=10)
                     for _ in range(RATE_BURST + 1)]
            assert 429 not in [r.status_code for r in first], zone[0]
            for path in zone:
                assert_throttled(requests.post(base + path, json={},
                                               timeout=10), rate)
        # What the zones never count: reading who is signed in, and the
        # public reads.
        for path, status in (("/api/session", 401), ("/api/health", 200)):
            for _ in range(PAST_BURST):
                r = requests.get(base + path, timeout=10)
                assert r.status_code == status, (path, r.text)
                assert "Retry-After" not in r.headers


def test_production_example_limits_as_the_template_does():
    """nginx/production.conf limits the same paths in the same zones, at
    the default rate and the same burst, as the template the tests run."""
    def read(name):
        with open(os.path.join(ROOT, "nginx", name)) as f:
            return f.read()
    template, production = read("awards.conf.in"), read("production.conf")
    limited = (r"location ~ (\S+) \{\s*(?:limit_req zone=(\w+) "
               r"burst=(\d+) nodelay;|@LIMIT_(\w+)@)")
    expected = [(path, name.lower(), str(RATE_BURST))
                for path, _, _, name in re.findall(limited, template)]
    assert len(expected) == 2
    assert [m[:3] for m in re.findall(limited, production)] == expected
    assert re.findall(r"limit_req_zone \$limit_key zone=(\w+):10m "
                      r"rate=(\S+);", production) == [
        ("nominating", DEFAULT_RATE_LIMIT), ("session", DEFAULT_RATE_LIMIT)]
    key = "map $request_method $limit_key {\n%sPOST\t$binary_remote_addr;"
    assert key % "\t" in production and key % "\t\t" in template
