"""The access matrix (SPEC §7, issue 5): every route of cgi/route.c ×
every role, with the status each must get.  A route added to the table
without a row here fails the test, so no endpoint goes untested.

The callers: anonymous, a committee member, an organizer, a member
conflicted with candidate 1, a member assigned to another candidate
(candidate 2), and a token holder (no session; a nominator's confirm and
manage links), and a member assigned to candidate 1 and attested who
then nominated it themselves (conflicted by the nomination alone, with no
conflict row: SPEC §3, automatic conflicts whatever the order of events).
A row of three statuses gives the last callers the plain member's status
for the next two and the anonymous one's for the token holder; a row of
five, the anonymous one's for the token holder; the self-nominator always
gets the conflicted member's; and a referee, holding only their letter's
token (sent wherever a route takes a token), gets the token holder's
status on /api/letters and the anonymous caller's everywhere else.
"""

import os
import re
import secrets

from accounts_util import add_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ROLES = ("anonymous", "member", "organizer", "conflicted", "other_member",
         "token_holder", "self_nominator", "referee")
NO_TOKEN = "0" * 64


def routes_of_route_c():
    """(method, pattern) of every entry of routes[] in cgi/route.c."""
    with open(os.path.join(ROOT, "cgi", "route.c")) as f:
        text = f.read()
    table = re.search(r"routes\[\]\s*=\s*\{(.*?)\n\};", text, re.S)
    assert table, "routes[] not found in cgi/route.c"
    found = re.findall(r'\{\s*METHOD_([A-Z]+),\s*"([^"]+)"', table.group(1))
    assert len(found) >= 2
    return set(found)


def unique_user():
    n = secrets.token_hex(4)
    return {"email": f"new-{n}@example.org", "name": f"New {n}",
            "role": "committee"}


# (method, pattern): (path, body, {role: status}).  body may be a
# callable giving a fresh body for each request.
MATRIX = {
    ("GET", "/api/health"):
        ("/api/health", None, (200, 200, 200)),
    # Every caller of the tests comes from 127.0.0.1, which nginx allows;
    # test_monitoring.py tries another address.
    ("GET", "/api/metrics"):
        ("/api/metrics", None, (200, 200, 200)),
    ("GET", "/api/cycles/current"):
        ("/api/cycles/current", None, (200, 200, 200)),
    ("GET", "/api/phases"):
        ("/api/phases", None, (401, 200, 200)),

    # sessions, users, audit
    ("POST", "/api/session"):
        ("/api/session", {}, (422, 422, 422)),
    ("GET", "/api/session"):
        ("/api/session", None, (401, 200, 200)),
    ("DELETE", "/api/session"):
        ("/api/session", None, (401, 204, 204)),
    ("POST", "/api/session/link"):
        ("/api/session/link", {"email": "nobody@example.org"},
         (202, 202, 202)),
    ("POST", "/api/session/token"):
        ("/api/session/token", {"token": NO_TOKEN}, (404, 404, 404)),
    ("POST", "/api/users"):
        ("/api/users", unique_user, (401, 403, 201)),
    ("GET", "/api/users"):
        ("/api/users", None, (401, 403, 200)),
    ("POST", "/api/users/{id}/invite"):
        ("/api/users/999999/invite", {}, (401, 403, 404)),
    ("GET", "/api/audit"):
        ("/api/audit", None, (401, 403, 200)),

    # outbox, templates (organizers).  Cycle 1 is open_cycle's: every
    # test starts from tables whose identities restart.
    ("GET", "/api/outbox"):
        ("/api/outbox", None, (401, 403, 200)),
    ("POST", "/api/outbox/{id}/retry"):
        ("/api/outbox/999999/retry", {}, (401, 403, 404)),
    ("POST", "/api/outbox/release"):
        ("/api/outbox/release", {}, (401, 403, 200)),
    ("GET", "/api/cycles/{id}/templates/{name}"):
        ("/api/cycles/1/templates/nomination_created", None,
         (401, 403, 200)),
    ("PUT", "/api/cycles/{id}/templates/{name}"):
        ("/api/cycles/1/templates/nomination_created",
         {"subject": "Confirm, please", "body": "{{confirm_url}}\n"},
         (401, 403, 200)),

    # nominations (from main; public, token holders)
    ("POST", "/api/nominations"):
        ("/api/nominations", {}, (422, 422, 422)),
    # The token holder sends the token of its own link (holder_tokens()).
    ("POST", "/api/nominations/confirm"):
        ("/api/nominations/confirm", {"token": NO_TOKEN},
         (404, 404, 404, 404, 404, 200)),
    ("POST", "/api/nominations/manage"):
        ("/api/nominations/manage", {"token": NO_TOKEN},
         (404, 404, 404, 404, 404, 200)),
    ("POST", "/api/nominations/links"):
        ("/api/nominations/links", {"email": "nobody@example.org"},
         (202, 202, 202)),
    # issue 14: "Wrong address?" (the token holder holds the correction
    # secret of a pending nomination, and sends no address: 422) and the
    # organizers' contact address.
    ("POST", "/api/nominations/correct"):
        ("/api/nominations/correct",
         {"token": NO_TOKEN, "email": "fixed@example.org"},
         (404, 404, 404, 404, 404, 422)),
    ("GET", "/api/contact"):
        ("/api/contact", None, (200, 200, 200)),
    # issue 23: a referee's link and a nominee's link.  Sessions give
    # nothing: only the link's token opens either.
    ("POST", "/api/letters"):
        ("/api/letters", {"token": NO_TOKEN},
         (404, 404, 404, 404, 404, 200)),
    ("POST", "/api/nominee"):
        ("/api/nominee", {"token": NO_TOKEN},
         (404, 404, 404, 404, 404, 200)),

    # deciding and announcing (issue 11).  Cycle 1 is open for
    # nominations: it cannot be announced and has no public list yet.
    ("GET", "/api/cycles/{id}/decisions"):
        ("/api/cycles/1/decisions", None, (401, 403, 200)),
    ("PUT", "/api/candidates/{id}/decision"):
        ("/api/candidates/999999/decision", {"decision": "awardee"},
         (401, 403, 404)),
    ("POST", "/api/cycles/{id}/announce"):
        ("/api/cycles/1/announce", {"hold": True}, (401, 403, 409)),
    ("GET", "/api/cycles/{id}/awardees"):
        ("/api/cycles/1/awardees", None, (404, 404, 404)),
    ("GET", "/api/cycles/announced"):
        ("/api/cycles/announced", None, (200, 200, 200)),
    ("GET", "/api/cycles/{id}/export.csv"):
        ("/api/cycles/1/export.csv", None, (401, 403, 200)),
    ("GET", "/api/cycles/{id}/nominations.csv"):
        ("/api/cycles/1/nominations.csv", None, (401, 403, 200)),

    # running a cycle (issue 9): organizers only.  Cycle 1 is open, so
    # its rubric is frozen (409) and it cannot go back to draft.
    ("POST", "/api/cycles"):
        ("/api/cycles", lambda: {"name": f"Cycle {secrets.token_hex(3)}"},
         (401, 403, 201)),
    ("GET", "/api/cycles"):
        ("/api/cycles", None, (401, 403, 200)),
    ("GET", "/api/cycles/{id}"):
        ("/api/cycles/1", None, (401, 403, 200)),
    ("PATCH", "/api/cycles/{id}"):
        ("/api/cycles/1", {"blind": True}, (401, 403, 200)),
    ("POST", "/api/cycles/{id}/phase"):
        ("/api/cycles/1/phase", {"phase": "draft"}, (401, 403, 409)),
    ("POST", "/api/cycles/{id}/categories"):
        ("/api/cycles/1/categories", {"name": "New"}, (401, 403, 409)),
    ("PATCH", "/api/categories/{id}"):
        ("/api/categories/1", {"name": "New"}, (401, 403, 409)),
    ("DELETE", "/api/categories/{id}"):
        ("/api/categories/1", None, (401, 403, 409)),
    ("POST", "/api/cycles/{id}/criteria"):
        ("/api/cycles/1/criteria", {"name": "New"}, (401, 403, 409)),
    ("PATCH", "/api/criteria/{id}"):
        ("/api/criteria/1", {"weight": 2}, (401, 403, 409)),
    ("DELETE", "/api/criteria/{id}"):
        ("/api/criteria/1", None, (401, 403, 409)),
    ("GET", "/api/cycles/{id}/candidates"):
        ("/api/cycles/1/candidates", None, (401, 403, 200)),
    ("PATCH", "/api/nominations/{id}"):
        ("/api/nominations/999999", {"status": "eligible"},
         (401, 403, 404)),
    ("POST", "/api/candidates/{id}/merge"):
        ("/api/candidates/999999/merge", {"into": 999998}, (401, 403, 404)),
    ("GET", "/api/cycles/{id}/conflicts"):
        ("/api/cycles/1/conflicts", None, (401, 403, 200)),
    ("DELETE", "/api/conflicts/{id}"):
        ("/api/conflicts/999999", None, (401, 403, 404)),
    ("GET", "/api/cycles/{id}/reminders"):
        ("/api/cycles/1/reminders", None, (401, 403, 200)),
    ("POST", "/api/cycles/{id}/reminders"):
        ("/api/cycles/999999/reminders", {}, (401, 403, 404)),
    # Cycle 1 takes nominations: not announced, nothing to purge.
    ("GET", "/api/cycles/{id}/purge"):
        ("/api/cycles/1/purge", None, (401, 403, 409)),
    ("POST", "/api/cycles/{id}/purge"):
        ("/api/cycles/999999/purge", {}, (401, 403, 404)),
    ("POST", "/api/cycles/{id}/assignments/auto"):
        ("/api/cycles/1/assignments/auto", {}, (401, 403, 200)),
    ("GET", "/api/cycles/{id}/assignments"):
        ("/api/cycles/1/assignments", None, (401, 403, 200)),
    ("POST", "/api/assignments"):
        ("/api/assignments", {"candidate_id": 999999, "user_id": 999999},
         (401, 403, 422)),
    ("DELETE", "/api/assignments/{id}"):
        ("/api/assignments/999999", None, (401, 403, 404)),

    # scoring and rankings (issue 10).  scoring_cycle() makes cycle 2 in
    # phase scoring with criteria 3 and 4, candidates 1 and 2, user 1
    # (a member with final review 1 of candidate 1).  "member" is assigned
    # to candidate 1 and has attested; "conflicted" is assigned to it and
    # conflicted; "other_member" is assigned to candidate 2 only.
    # Statuses: (anonymous, member, organizer, conflicted, other_member).
    ("GET", "/api/me/assignments"):
        ("/api/me/assignments", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/candidates/{id}"):
        ("/api/candidates/1", None, (401, 200, 200, 404, 404)),
    ("POST", "/api/candidates/{id}/attest"):
        ("/api/candidates/1/attest", {"conflict": False},
         (401, 200, 404, 404, 404)),
    ("POST", "/api/candidates/{id}/conflicts"):
        ("/api/candidates/1/conflicts", {"user_id": 1, "reason": "Kin"},
         (401, 403, 201, 403, 403)),
    ("PUT", "/api/candidates/{id}/review"):
        ("/api/candidates/1/review",
         {"scores": {"3": 3, "4": 4}, "comment": "", "final": False},
         (401, 200, 404, 404, 404)),
    ("GET", "/api/candidates/{id}/reviews"):
        ("/api/candidates/1/reviews", None, (401, 409, 200, 404, 404)),
    ("POST", "/api/reviews/{id}/reopen"):
        ("/api/reviews/1/reopen", {"reason": "Look again"},
         (401, 403, 200, 403, 403)),
    ("GET", "/api/cycles/{id}/rankings"):
        ("/api/cycles/2/rankings", None, (401, 409, 200, 409, 409)),
    ("GET", "/api/cycles/{id}/overview"):
        ("/api/cycles/2/overview", None, (401, 403, 200)),

    # deliberation (issue 22).  Comment 1 is user 1's, on candidate 1;
    # "member" has no final review of candidate 1 yet (409
    # review_not_final); cycle 2 is in scoring, where comments are
    # allowed and the meeting is not (409 wrong_phase).  Only a
    # comment's author changes it (403 not_author).
    ("GET", "/api/candidates/{id}/comments"):
        ("/api/candidates/1/comments", None, (401, 409, 200, 404, 404)),
    ("POST", "/api/candidates/{id}/comments"):
        ("/api/candidates/1/comments", {"body": "A thought"},
         (401, 409, 201, 404, 404)),
    ("PATCH", "/api/comments/{id}"):
        ("/api/comments/1", {"body": "Another"}, (401, 403, 403, 403, 403)),
    ("DELETE", "/api/comments/{id}"):
        ("/api/comments/1", None, (401, 403, 403, 403, 403)),
    ("GET", "/api/cycles/{id}/meeting"):
        ("/api/cycles/2/meeting", None, (401, 409, 409, 409, 409)),
    ("PUT", "/api/cycles/{id}/meeting"):
        ("/api/cycles/2/meeting", {"candidate_id": 1},
         (401, 403, 409, 403, 403)),
}


def scoring_cycle(db):
    """Cycle 2 (after open_cycle's) in phase scoring, as the rows of issue
    10 expect: criteria 3 and 4, candidates 1 and 2 with an eligible
    nomination each, user 1 with final review 1 of candidate 1."""
    db.execute("INSERT INTO cycles (name, phase, nominations_open_at, "
               "nominations_close_at, scoring_close_at) VALUES ('Scored', "
               "'scoring', now() - interval '9 days', now() - interval "
               "'1 day', now() + interval '9 days') RETURNING id")
    cycle = db.fetchone()[0]
    db.execute("INSERT INTO categories (cycle_id, name) VALUES (%s, 'C') "
               "RETURNING id", (cycle,))
    cat = db.fetchone()[0]
    db.execute("INSERT INTO criteria (cycle_id, name) VALUES (%s, 'X'), "
               "(%s, 'Y') RETURNING id", (cycle, cycle))
    crits = [r[0] for r in db.fetchall()]
    assert (cycle, crits) == (2, [3, 4])
    for n in (1, 2):
        db.execute(
            "WITH c AS (INSERT INTO candidates (cycle_id, category_id, "
            "email_key, nominee_name) VALUES (%s, %s, %s, %s) RETURNING id)"
            " INSERT INTO nominations (cycle_id, category_id, candidate_id,"
            " nominee_name, nominee_email, nominator_name, nominator_email,"
            " statement, status) SELECT %s, %s, id, %s, %s, 'N', "
            "'n@example.org', repeat('s', 60), 'eligible' FROM c",
            (cycle, cat, f"c{n}@example.org", f"C{n}", cycle, cat, f"C{n}",
             f"c{n}@example.org"))
    uid = add_user(db, "reviewer@example.org", password=None)
    assert uid == 1
    db.execute("INSERT INTO assignments (candidate_id, user_id, attested_at)"
               " VALUES (1, 1, now())")
    db.execute("INSERT INTO reviews (candidate_id, user_id, final) VALUES "
               "(1, 1, true) RETURNING id")
    assert db.fetchone()[0] == 1
    db.execute("INSERT INTO comments (candidate_id, user_id, body) VALUES "
               "(1, 1, 'A first thought') RETURNING id")
    assert db.fetchone()[0] == 1


def place(db, uid, role):
    """Puts a new member where their column of the matrix says."""
    if role == "member":
        db.execute("INSERT INTO assignments (candidate_id, user_id, "
                   "attested_at) VALUES (1, %s, now())", (uid,))
    elif role == "conflicted":
        db.execute("INSERT INTO assignments (candidate_id, user_id) VALUES "
                   "(1, %s)", (uid,))
        db.execute("INSERT INTO conflicts (candidate_id, user_id, source) "
                   "VALUES (1, %s, 'automatic')", (uid,))
    elif role == "other_member":
        db.execute("INSERT INTO assignments (candidate_id, user_id, "
                   "attested_at) VALUES (2, %s, now())", (uid,))
    elif role == "self_nominator":
        db.execute("INSERT INTO assignments (candidate_id, user_id, "
                   "attested_at) VALUES (1, %s, now())", (uid,))
        db.execute("INSERT INTO nominations (cycle_id, category_id, "
                   "candidate_id, nominee_name, nominee_email, "
                   "nominator_name, nominator_email, statement, status) "
                   "SELECT cycle_id, category_id, id, nominee_name, "
                   "email_key, 'Me', (SELECT upper(email) FROM users "
                   "WHERE id = %s), repeat('m', 60), 'pending' "
                   "FROM candidates WHERE id = 1", (uid,))


def holder_tokens(db, cycle):
    """A nominator's links, as the mails would carry them: the confirm
    token of a pending nomination and the manage token of a submitted one
    (made in SQL).  Returns {"confirm": token, "manage": token}."""
    tokens = {}
    for purpose, status in (("confirm", "pending"), ("manage", "submitted")):
        token = secrets.token_hex(32)
        email = f"holder-{purpose}@example.org"
        db.execute(
            "WITH c AS (INSERT INTO candidates (cycle_id, category_id, "
            "email_key, nominee_name) VALUES (%s, %s, %s, 'Held') "
            "RETURNING id), n AS (INSERT INTO nominations (cycle_id, "
            "category_id, candidate_id, nominee_name, nominee_email, "
            "nominator_name, nominator_email, statement, status) SELECT "
            "%s, %s, c.id, 'Held', %s, 'Holder', 'holder@example.org', "
            "repeat('x', 60), %s FROM c RETURNING id) INSERT INTO tokens "
            "(hash, purpose, nomination_id, expires_at) SELECT "
            "sha256(%s::bytea), %s, n.id, now() + interval '1 day' FROM n",
            (cycle["id"], cycle["categories"][0], email, cycle["id"],
             cycle["categories"][0], email, status, token.encode(),
             purpose))
        tokens[purpose] = token
    # Issue 14: the correction secret of a pending nomination.
    token = secrets.token_hex(32)
    db.execute(
        "WITH c AS (INSERT INTO candidates (cycle_id, category_id, "
        "email_key, nominee_name) VALUES (%s, %s, 'fix@example.org', "
        "'Fix') RETURNING id) INSERT INTO nominations (cycle_id, "
        "category_id, candidate_id, nominee_name, nominee_email, "
        "nominator_name, nominator_email, statement, correction_hash, "
        "correction_expires_at) SELECT %s, %s, c.id, 'Fix', "
        "'fix@example.org', 'Holder', 'holder@example.org', "
        "repeat('x', 60), sha256(%s::bytea), now() + interval '1 hour' "
        "FROM c", (cycle["id"], cycle["categories"][0], cycle["id"],
                   cycle["categories"][0], token.encode()))
    tokens["correct"] = token
    # Issue 23: a referee asked for a letter of the submitted nomination,
    # and the nominee's link of its candidate.
    token = secrets.token_hex(32)
    db.execute(
        "INSERT INTO referees (nomination_id, name, email, token_hash, "
        "token_expires_at, asked_at) SELECT t.nomination_id, 'Rita', "
        "'rita@example.org', sha256(%s::bytea), now() + interval '1 day', "
        "now() FROM tokens t WHERE t.purpose = 'manage'", (token.encode(),))
    tokens["letters"] = token
    token = secrets.token_hex(32)
    db.execute(
        "UPDATE candidates SET nominee_token_hash = sha256(%s::bytea) "
        "WHERE email_key = 'holder-manage@example.org'", (token.encode(),))
    tokens["nominee"] = token
    return tokens


def client(new_api, db, role):
    """A client of role, with a session of its own (made in SQL, so that
    the matrix does not depend on the login endpoints it tests).  The
    token holder has no session: it holds a link's token."""
    api = new_api()
    if role in ("anonymous", "token_holder", "referee"):
        return api
    uid = add_user(db, f"{role}-{secrets.token_hex(4)}@example.org",
                   name=f"A {role}", password=None,
                   role="organizer" if role == "organizer" else "committee")
    place(db, uid, role)
    cookie, csrf = secrets.token_hex(32), secrets.token_urlsafe(32)
    db.execute("INSERT INTO sessions (hash, user_id, csrf_token, "
               "expires_at) VALUES (sha256(%s::bytea), %s, %s, "
               "now() + interval '12 hours')", (cookie.encode(), uid, csrf))
    api.http.cookies.set("awards_session", cookie)
    api.csrf = csrf
    return api


def test_every_route_has_a_row():
    missing = routes_of_route_c() - set(MATRIX)
    assert not missing, f"routes without a row in MATRIX: {sorted(missing)}"


def test_access_matrix(new_api, db, open_cycle):
    scoring_cycle(db)
    held = holder_tokens(db, open_cycle)
    routes = routes_of_route_c()
    missing = routes - set(MATRIX)
    assert not missing, f"routes without a row in MATRIX: {sorted(missing)}"
    failures = []
    for (method, pattern), (path, body, statuses) in sorted(MATRIX.items()):
        if (method, pattern) not in routes:
            continue  # a route of another branch, not merged here yet
        if len(statuses) == 3:
            statuses = tuple(statuses) + (statuses[1], statuses[1])
        if len(statuses) == 5:
            # Without a session, a token holder is anonymous to the API.
            statuses = tuple(statuses) + (statuses[0],)
        if len(statuses) == 6:
            statuses = tuple(statuses) + (statuses[3],)
        if len(statuses) == 7:
            # A referee's token opens their letter and nothing else: any
            # other route's token is refused as an unknown one.
            statuses = tuple(statuses) + (
                statuses[5] if path == "/api/letters" else statuses[0],)
        for role, expected in zip(ROLES, statuses):
            api = client(new_api, db, role)
            sent = body() if callable(body) else body
            if role == "token_holder" and isinstance(sent, dict) and \
                    "token" in sent and (path.startswith(
                        "/api/nominations/") or path in ("/api/letters",
                                                        "/api/nominee")):
                sent = {"token": held[path.rsplit("/", 1)[1]]}
            if role == "referee" and isinstance(sent, dict) and \
                    "token" in sent:
                sent = dict(sent, token=held["letters"])
            r = api.request(method, path, json=sent)
            if r.status_code != expected:
                failures.append(f"{method} {pattern} as {role}: "
                                f"{r.status_code} != {expected} {r.text}")
            if r.status_code >= 400:
                assert r.json()["error"]["code"], r.text
    assert not failures, "\n".join(failures)


def test_routes_parse_finds_the_table():
    """The parser is not vacuous: it finds the sessions routes."""
    routes = routes_of_route_c()
    assert ("DELETE", "/api/session") in routes
    assert ("GET", "/api/audit") in routes
