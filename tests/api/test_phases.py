"""What each phase allows (SPEC §3), route by route: one cycle walks
through the seven phases and, in each, every write route of the table is
tried on fresh rows; the status must be 409 wrong_phase (with the cycle's
phase and the allowed phases) exactly where the table, as `awards phases`
prints it from cgi/phase.c, refuses the action.  Every write route of
cgi/route.c must be listed here, with its action or as free of phases, so
a new route cannot skip the table; and docs/phases.md must be the table's
own print."""

import hashlib
import os
import re
import secrets
import subprocess

import pytest

from scoring_util import STATEMENT, member, session_for
from accounts_util import add_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, "build", "asan", "awards")
PHASES = ["draft", "nominations_open", "nominations_closed", "scoring",
          "deliberation", "decided", "announced"]


def phase_table():
    """{action name: [phases]} from `awards phases` (the code's table)."""
    out = subprocess.run([BINARY, "phases"], check=True, text=True,
                         capture_output=True, env={
                             "ASAN_OPTIONS": "detect_leaks=0"}).stdout
    table = {}
    for line in out.splitlines()[2:]:
        name, _, allowed = [c.strip() for c in line.strip("|").split("|")]
        name = name.strip("`")
        if allowed == "every phase but `announced`":
            table[name] = PHASES[:-1]
        elif allowed == "every phase":
            table[name] = PHASES
        else:
            table[name] = [p.strip(" `") for p in allowed.split(",")]
    return table, out


def write_routes():
    """(method, pattern) of every non-GET route of cgi/route.c."""
    text = open(os.path.join(ROOT, "cgi", "route.c")).read()
    return set(re.findall(
        r'\{\s*METHOD_(POST|PUT|PATCH|DELETE),\s*"([^"]+)"', text))


def token_hash(token):
    return "\\x" + hashlib.sha256(token.encode()).hexdigest()


class World:
    """One cycle in a phase, with fresh rows for every route to act on:
    a pending nomination with its confirmation link, a submitted one
    with its manage link, two candidates with eligible nominations (one
    merged into the other), an attested member assigned to the first
    with a draft review, a second member with a final review of it, and
    a third member free of it."""

    def __init__(self, db, new_api, phase):
        self.db = db
        n = secrets.token_hex(4)
        # One cycle takes nominations at a time: the walk's earlier ones
        # step aside.
        db.execute("UPDATE cycles SET phase = 'draft' "
                   "WHERE phase = 'nominations_open'")
        db.execute(
            "INSERT INTO cycles (name, phase, blind, nominations_open_at, "
            "nominations_close_at, scoring_close_at, letters_max) VALUES "
            "(%s, %s, true, now() - interval '2 days', "
            "now() + interval '5 days', now() + interval '9 days', 2) "
            "RETURNING id",
            (f"Walk {n}", phase))
        self.cycle = db.fetchone()[0]
        db.execute("INSERT INTO categories (cycle_id, name) VALUES (%s, "
                   "'Students') RETURNING id", (self.cycle,))
        self.category = db.fetchone()[0]
        db.execute("INSERT INTO criteria (cycle_id, name) VALUES (%s, "
                   "'Impact') RETURNING id", (self.cycle,))
        self.criterion = db.fetchone()[0]
        self.cand, self.nomination = self.candidate("eligible")
        self.other, _ = self.candidate("eligible")
        self.pending, _ = self.candidate("pending")
        self.confirm = self.token("confirm", self.nomination_of(
            self.pending))
        self.submitted_cand, submitted = self.candidate("submitted")
        self.manage = self.token("manage", submitted)
        # A referee asked for a letter, and the first candidate's
        # nominee link (issue 23).
        self.letter = secrets.token_hex(32)
        db.execute(
            "INSERT INTO referees (nomination_id, name, email, token_hash, "
            "token_expires_at, asked_at) VALUES (%s, 'Rita Referee', %s, "
            "%s::bytea, now() + interval '1 day', now())",
            (submitted, f"rita-{n}@example.org", token_hash(self.letter)))
        self.nominee = secrets.token_hex(32)
        db.execute("UPDATE candidates SET nominee_token_hash = %s::bytea "
                   "WHERE id = %s", (token_hash(self.nominee), self.cand))
        self.org = add_user(db, f"org-{n}@example.org", role="organizer",
                            password=None)
        self.org_api = session_for(new_api, db, self.org)
        self.member, self.member_api = member(new_api, db)
        self.reviewer, _ = member(new_api, db)
        self.free, self.free_api = member(new_api, db)
        self.assignment = self.assign(self.cand, self.member, attested=True)
        self.assign(self.cand, self.reviewer, attested=True)
        self.assign(self.other, self.free, attested=False)
        self.review(self.cand, self.member, final=False)
        self.final = self.review(self.cand, self.reviewer, final=True)
        db.execute("INSERT INTO comments (candidate_id, user_id, body) "
                   "VALUES (%s, %s, 'First thought') RETURNING id",
                   (self.cand, self.org))
        self.comment = db.fetchone()[0]

    def organizer_conflict(self):
        """A conflict set by an organizer, for its removal."""
        self.db.execute(
            "INSERT INTO conflicts (candidate_id, user_id, source, reason) "
            "VALUES (%s, %s, 'organizer', 'kin') RETURNING id",
            (self.other, self.member))
        return self.db.fetchone()[0]

    def candidate(self, status):
        email = f"nominee-{secrets.token_hex(4)}@example.org"
        self.db.execute(
            "WITH c AS (INSERT INTO candidates (cycle_id, category_id, "
            "email_key, nominee_name) VALUES (%s, %s, %s, 'Ada Walk') "
            "RETURNING id) INSERT INTO nominations (cycle_id, category_id, "
            "candidate_id, nominee_name, nominee_email, nominator_name, "
            "nominator_email, statement, status, confirmed_at) SELECT %s, "
            "%s, c.id, 'Ada Walk', %s, 'Nominator', %s, %s, %s, CASE WHEN "
            "%s <> 'pending' THEN now() END FROM c "
            "RETURNING candidate_id, id",
            (self.cycle, self.category, email, self.cycle, self.category,
             email, f"n-{secrets.token_hex(4)}@example.org", STATEMENT,
             status, status))
        return self.db.fetchone()

    def nomination_of(self, cand):
        self.db.execute("SELECT id FROM nominations WHERE candidate_id = %s",
                        (cand,))
        return self.db.fetchone()[0]

    def token(self, purpose, nomination):
        token = secrets.token_hex(32)
        self.db.execute(
            "INSERT INTO tokens (hash, purpose, nomination_id, expires_at) "
            "VALUES (%s::bytea, %s, %s, now() + interval '1 day')",
            (token_hash(token), purpose, nomination))
        return token

    def assign(self, cand, uid, attested):
        self.db.execute(
            "INSERT INTO assignments (candidate_id, user_id, attested_at) "
            "VALUES (%s, %s, CASE WHEN %s THEN now() END) RETURNING id",
            (cand, uid, attested))
        return self.db.fetchone()[0]

    def review(self, cand, uid, final):
        self.db.execute(
            "INSERT INTO reviews (candidate_id, user_id, final) VALUES "
            "(%s, %s, %s) RETURNING id", (cand, uid, final))
        rid = self.db.fetchone()[0]
        self.db.execute("INSERT INTO review_scores (review_id, "
                        "criterion_id, score) VALUES (%s, %s, 3)",
                        (rid, self.criterion))
        return rid


def nomination_body(w):
    return {"cycle_id": w.cycle, "category_id": w.category,
            "nominee": {"name": "Grace Walk", "email":
                        f"g-{secrets.token_hex(4)}@example.org",
                        "affiliation": "", "role": ""},
            "nominator": {"name": "Nora", "email":
                          f"nora-{secrets.token_hex(4)}@example.org",
                          "affiliation": "", "relationship": "colleague"},
            "statement": STATEMENT, "consent_contact_nominee": False}


# Every write route: (method, pattern) -> (action of the table, request).
# A request is a function of the world giving (client, method, path,
# body).  None as the action: the route acts on no cycle's phase.
ROUTES = {
    ("PATCH", "/api/cycles/{id}"): ("cycle_settings", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}", {"name": "Renamed"})),
    ("PUT", "/api/cycles/{id}/templates/{name}"): ("templates", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/templates/reminder",
        {"subject": "Reminder", "body": "{{count}} left, by "
         "{{scoring_close_at}}.\n"})),
    ("POST", "/api/cycles/{id}/categories"): ("rubric", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/categories", {"name": "Staff"})),
    ("PATCH", "/api/categories/{id}"): ("rubric", lambda w: (
        w.org_api, f"/api/categories/{w.category}", {"name": "Pupils"})),
    ("DELETE", "/api/categories/{id}"): ("rubric", lambda w: (
        w.org_api, f"/api/categories/{w.category}", None)),
    ("POST", "/api/cycles/{id}/criteria"): ("rubric", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/criteria", {"name": "Care"})),
    ("PATCH", "/api/criteria/{id}"): ("rubric", lambda w: (
        w.org_api, f"/api/criteria/{w.criterion}", {"weight": 2})),
    ("DELETE", "/api/criteria/{id}"): ("rubric", lambda w: (
        w.org_api, f"/api/criteria/{w.criterion}", None)),
    ("POST", "/api/nominations"): ("nominate", lambda w: (
        w.anon, "/api/nominations", nomination_body(w))),
    ("POST", "/api/nominations/confirm"): ("confirm", lambda w: (
        w.anon, "/api/nominations/confirm", {"token": w.confirm})),
    ("POST", "/api/nominations/manage"): ("nominator_edit", lambda w: (
        w.anon, "/api/nominations/manage",
        {"token": w.manage, "statement": STATEMENT + " Edited."})),
    ("PATCH", "/api/nominations/{id}"): ("screen", lambda w: (
        w.org_api, f"/api/nominations/{w.nomination}",
        {"status": "ineligible", "reason": "out of scope"})),
    ("POST", "/api/candidates/{id}/merge"): ("merge", lambda w: (
        w.org_api, f"/api/candidates/{w.other}/merge", {"into": w.cand})),
    ("POST", "/api/cycles/{id}/assignments/auto"): ("assign", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/assignments/auto", {})),
    ("POST", "/api/assignments"): ("assign", lambda w: (
        w.org_api, "/api/assignments",
        {"candidate_id": w.other, "user_id": w.member})),
    ("DELETE", "/api/assignments/{id}"): ("assign", lambda w: (
        w.org_api, f"/api/assignments/{w.assignment_free()}", None)),
    ("POST", "/api/candidates/{id}/conflicts"): ("conflict", lambda w: (
        w.org_api, f"/api/candidates/{w.cand}/conflicts",
        {"user_id": w.free, "reason": "colleague"})),
    ("DELETE", "/api/conflicts/{id}"): ("conflict", lambda w: (
        w.org_api, f"/api/conflicts/{w.organizer_conflict()}", None)),
    ("POST", "/api/cycles/{id}/reminders"): ("review", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/reminders", {})),
    ("POST", "/api/cycles/{id}/purge"): ("purge", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/purge", {})),
    ("POST", "/api/candidates/{id}/attest"): ("review", lambda w: (
        w.free_api, f"/api/candidates/{w.other}/attest",
        {"conflict": False})),
    ("PUT", "/api/candidates/{id}/review"): ("review", lambda w: (
        w.member_api, f"/api/candidates/{w.cand}/review",
        {"scores": {str(w.criterion): 4}, "comment": "", "final": False,
         "version": 1})),
    ("POST", "/api/reviews/{id}/reopen"): ("reopen", lambda w: (
        w.org_api, f"/api/reviews/{w.final}/reopen",
        {"reason": "Look again"})),
    ("POST", "/api/candidates/{id}/comments"): ("comment", lambda w: (
        w.org_api, f"/api/candidates/{w.cand}/comments",
        {"body": "A thought"})),
    ("PATCH", "/api/comments/{id}"): ("comment", lambda w: (
        w.org_api, f"/api/comments/{w.comment}", {"body": "Second thought"})),
    ("DELETE", "/api/comments/{id}"): ("comment", lambda w: (
        w.org_api, f"/api/comments/{w.comment}", None)),
    ("PUT", "/api/cycles/{id}/meeting"): ("meeting", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/meeting",
        {"candidate_id": w.cand})),
    ("PUT", "/api/candidates/{id}/decision"): ("decide", lambda w: (
        w.org_api, f"/api/candidates/{w.cand}/decision",
        {"decision": "not_selected"})),
    ("POST", "/api/cycles/{id}/announce"): ("announce", lambda w: (
        w.org_api, f"/api/cycles/{w.cycle}/announce", {"hold": True})),
    ("POST", "/api/letters"): ("letter", lambda w: (
        w.anon, "/api/letters", {"token": w.letter, "letter": STATEMENT})),
    ("POST", "/api/nominee"): ("nominee_decline", lambda w: (
        w.anon, "/api/nominee", {"token": w.nominee, "decline": True})),
    # Free of phases: sessions, users, the outbox, the phase machine
    # itself (its own 409 invalid_transition), creating a cycle, and the
    # nominator's requests that act on a nomination's address rather
    # than on the cycle (fresh links, "Wrong address?").
    ("POST", "/api/session"): (None, None),
    ("DELETE", "/api/session"): (None, None),
    ("POST", "/api/session/link"): (None, None),
    ("POST", "/api/session/token"): (None, None),
    ("POST", "/api/users"): (None, None),
    ("POST", "/api/users/{id}/invite"): (None, None),
    ("POST", "/api/outbox/{id}/retry"): (None, None),
    ("POST", "/api/outbox/release"): (None, None),
    ("POST", "/api/cycles"): (None, None),
    ("POST", "/api/cycles/{id}/phase"): (None, None),
    ("POST", "/api/nominations/links"): (None, None),
    ("POST", "/api/nominations/correct"): (None, None),
}


# A route that serves more than one action of the table: the others,
# each with its own request.
EXTRA = [
    ("POST", "/api/nominations/manage", "referees", lambda w: (
        w.anon, "/api/nominations/manage",
        {"token": w.manage, "referees": [
            {"name": "Rex Referee", "email": "rex@example.org",
             "relationship": "colleague"}]})),
    ("POST", "/api/nominee", "nominee_private", lambda w: (
        w.anon, "/api/nominee", {"token": w.nominee, "private": True})),
]


# Routes a member takes: before the close of nominations and after the
# decision a member sees no candidate at all (the view member_candidates),
# so there the refusal is the 404 of an unknown candidate.
MEMBER_ROUTES = {("POST", "/api/candidates/{id}/attest"),
                 ("PUT", "/api/candidates/{id}/review")}
MEMBER_SEES = ["nominations_closed", "scoring", "deliberation", "decided"]

# Actions of the table that no write route serves: reads.
UNROUTED = {"blind_off", "member_read_reviews", "organizer_read_reviews"}


def test_every_write_route_is_in_the_table():
    table, _ = phase_table()
    assert write_routes() == set(ROUTES), \
        "a write route of cgi/route.c is missing here, or gone from there"
    for action, _ in ROUTES.values():
        assert action is None or action in table, action
    used = {a for a, _ in ROUTES.values()} | {e[2] for e in EXTRA}
    for action in table:
        assert action in used or action in UNROUTED, action


def test_docs_print_the_table():
    _, out = phase_table()
    doc = open(os.path.join(ROOT, "docs", "phases.md")).read()
    assert out in doc, "docs/phases.md differs from `awards phases`"


@pytest.mark.parametrize("phase", PHASES)
def test_each_route_in_each_phase(new_api, db, phase):
    table, _ = phase_table()
    checked = 0
    every = [(m, p, a, b) for (m, p), (a, b) in sorted(ROUTES.items())]
    for (method, pattern, action, build) in every + EXTRA:
        if action is None:
            continue
        w = World(db, new_api, phase)
        w.anon = new_api()
        w.assignment_free = lambda w=w: w.assign(w.other, w.member, False)
        client, path, body = build(w)
        r = client.request(method, path, json=body)
        allowed = phase in table[action]
        err = (r.json().get("error", {}) if r.headers.get(
            "Content-Type", "").startswith("application/json") else {})
        where = f"{method} {pattern} in {phase}: {r.status_code} {err}"
        if allowed:
            assert r.status_code < 500, where
            assert err.get("code") != "wrong_phase", where
        elif (method, pattern) in MEMBER_ROUTES and \
                phase not in MEMBER_SEES:
            assert r.status_code == 404, where
        else:
            assert r.status_code == 409, where
            assert err["code"] == "wrong_phase", where
            assert err["phase"] == phase, where
            assert err["allowed"] == table[action], where
        checked += 1
    assert checked == sum(1 for a, _ in ROUTES.values() if a) + len(EXTRA)


def test_blind_switches_off_in_draft_only(new_api, db):
    for phase in PHASES:
        w = World(db, new_api, phase)
        r = w.org_api.patch(f"/api/cycles/{w.cycle}", json={"blind": False})
        if phase == "draft":
            assert r.status_code == 200, r.text
            assert r.json()["blind"] is False
            # Off already: saying so again is no switch.
            db.execute("UPDATE cycles SET phase = 'scoring' WHERE id = %s",
                       (w.cycle,))
            r = w.org_api.patch(f"/api/cycles/{w.cycle}",
                                json={"blind": False, "name": "Again"})
            assert r.status_code == 200, r.text
            continue
        assert r.status_code == 409, (phase, r.text)
        assert r.json()["error"]["code"] == "wrong_phase"
        assert r.json()["error"]["allowed"] == ["draft"]
        db.execute("SELECT blind FROM cycles WHERE id = %s", (w.cycle,))
        assert db.fetchone()[0] is True
        if phase != "announced":
            r = w.org_api.patch(f"/api/cycles/{w.cycle}",
                                json={"blind": True, "name": "On"})
            assert r.status_code == 200, (phase, r.text)


def test_no_merge_after_scoring_keeps_the_awardee(new_api, db):
    """The defect: a merge after the announcement took an awardee off
    the public page and left their nominations to the purge."""
    w = World(db, new_api, "announced")
    db.execute("INSERT INTO decisions (candidate_id, decision) VALUES "
               "(%s, 'awardee')", (w.cand,))
    r = w.org_api.post(f"/api/candidates/{w.cand}/merge",
                       json={"into": w.other})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    db.execute("SELECT status FROM candidates WHERE id = %s", (w.cand,))
    assert db.fetchone()[0] == "active"
    r = new_api().get(f"/api/cycles/{w.cycle}/awardees")
    assert r.status_code == 200
    assert [a["name"] for c in r.json()["categories"]
            for a in c["awardees"]] == ["Ada Walk"]


def test_no_organizer_conflict_after_deliberation(new_api, db):
    """The defect: a conflict set after the announcement took a
    member's review out of the frozen rankings."""
    for phase in ("decided", "announced"):
        w = World(db, new_api, phase)
        r = w.org_api.post(f"/api/candidates/{w.cand}/conflicts",
                           json={"user_id": w.reviewer, "reason": "late"})
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "wrong_phase"
        db.execute("SELECT count(*) FROM conflicts")
        assert db.fetchone()[0] == 0
