"""Deciding and announcing (issue 11): decisions, the awardee limit under
concurrency, the announcement and its mails (held, one per nominator
address, nothing leaked), the public awardees list."""

import threading
import time

from accounts_util import signed_in
from announce_util import (STATEMENT, add_candidate, add_nomination,
                           decide, make_cycle, outbox_rows, set_phase)


def organizer(new_api, db):
    return signed_in(new_api, db, "organizer")


# -- decisions ----------------------------------------------------------


def test_decision_set_changed_and_audited(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db)
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, cand, "Charles Babbage", "charles@example.org")
    r = decide(org, cand, "honorable_mention")
    assert r.status_code == 200, r.text
    assert r.json() == {"candidate_id": cand,
                        "decision": "honorable_mention",
                        "category_id": cy["categories"][0],
                        "awardees": 0, "max_awardees": 1}
    r = decide(org, cand, "awardee")
    assert r.status_code == 200 and r.json()["awardees"] == 1
    db.execute("SELECT decision FROM decisions WHERE candidate_id = %s",
               (cand,))
    assert db.fetchone()[0] == "awardee"
    db.execute("SELECT detail FROM audit_log WHERE action = 'decision.set' "
               "AND object_id = %s ORDER BY id", (cand,))
    assert [row[0] for row in db.fetchall()] == [
        {"from": None, "to": "honorable_mention"},
        {"from": "honorable_mention", "to": "awardee"}]


def test_decision_bad_input(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db)
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, cand, "Charles Babbage", "charles@example.org")
    r = decide(org, cand, "winner")
    assert r.status_code == 422
    assert "decision" in r.json()["error"]["fields"]
    r = org.put(f"/api/candidates/{cand}/decision",
                json={"decision": "awardee", "score": 3})
    assert r.status_code == 400
    r = org.put(f"/api/candidates/{cand}/decision", json={})
    assert r.status_code == 422
    assert decide(org, 999999, "awardee").status_code == 404
    db.execute("SELECT count(*) FROM decisions")
    assert db.fetchone()[0] == 0


def test_decision_only_in_deliberation_and_decided(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db, phase="scoring")
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, cand, "Charles Babbage", "charles@example.org")
    r = decide(org, cand, "awardee")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    assert r.json()["error"]["phase"] == "scoring"
    for phase in ("deliberation", "decided"):
        set_phase(db, cy["id"], phase)
        assert decide(org, cand, "not_selected").status_code == 200
    set_phase(db, cy["id"], "announced")
    r = decide(org, cand, "awardee")
    assert r.status_code == 409
    assert r.json()["error"] | {"message": ""} == {
        "code": "wrong_phase", "message": "", "phase": "announced",
        "allowed": ["deliberation", "decided"]}
    db.execute("SELECT decision FROM decisions")
    assert db.fetchall() == [("not_selected",)]


def test_decision_needs_an_eligible_candidate(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db)
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, cand, "Charles Babbage", "charles@example.org",
                   status="submitted")
    r = decide(org, cand, "awardee")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "not_eligible"


def test_awardee_limit_names_category_and_limit(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db, categories=(("Students", 1), ("Staff", 2)))
    a = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    b = add_candidate(db, cy["id"], cy["categories"][0], "Grace Hopper")
    c = add_candidate(db, cy["id"], cy["categories"][1], "Alan Turing")
    for cand in (a, b, c):
        add_nomination(db, cand, "Charles Babbage", "charles@example.org")
    assert decide(org, a, "awardee").status_code == 200
    r = decide(org, b, "awardee")
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["code"] == "awardee_limit"
    assert err["fields"] == {"category_id": cy["categories"][0],
                             "category": "Students", "max_awardees": 1}
    assert "Students" in err["message"] and "1" in err["message"]
    # Another category has its own limit; the same candidate again is fine.
    assert decide(org, c, "awardee").status_code == 200
    assert decide(org, a, "awardee").status_code == 200
    # Freeing the place lets the other one in.
    assert decide(org, a, "honorable_mention").status_code == 200
    assert decide(org, b, "awardee").status_code == 200


def test_awardee_limit_holds_under_two_concurrent_organizers(new_api, db):
    orgs = [organizer(new_api, db), organizer(new_api, db)]
    cy = make_cycle(db, categories=(("Students", 2),))
    cands = []
    for i in range(12):
        cand = add_candidate(db, cy["id"], cy["categories"][0],
                             f"Person {i}")
        add_nomination(db, cand, "Charles Babbage", "charles@example.org")
        cands.append(cand)
    # Each organizer takes every other candidate; both start at once.
    barrier = threading.Barrier(2)
    statuses = [[], []]

    def run(k):
        barrier.wait()
        for cand in cands[k::2]:
            statuses[k].append(decide(orgs[k], cand, "awardee").status_code)

    threads = [threading.Thread(target=run, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = statuses[0] + statuses[1]
    assert sorted(set(every)) == [200, 409]
    assert every.count(200) == 2
    db.execute("SELECT count(*) FROM decisions WHERE decision = 'awardee'")
    assert db.fetchone()[0] == 2


def test_awardee_limit_when_both_wait_at_the_same_point(new_api, db,
                                                        stack):
    """Deterministic: the test holds writes to decisions, so that both
    organizers' requests get as far as they can before either writes.
    Without the category lock both would have counted 0 awardees and both
    would write; with it the second waits, then counts 1 and is
    refused."""
    import psycopg2
    orgs = [organizer(new_api, db), organizer(new_api, db)]
    cy = make_cycle(db, categories=(("Students", 1),))
    cands = []
    for i in range(2):
        cand = add_candidate(db, cy["id"], cy["categories"][0],
                             f"Person {i}")
        add_nomination(db, cand, "Charles Babbage", "charles@example.org")
        cands.append(cand)
    holder = psycopg2.connect(stack.database_url)
    cur = holder.cursor()
    cur.execute("LOCK TABLE decisions IN SHARE MODE")
    statuses = {}

    def run(k):
        statuses[k] = decide(orgs[k], cands[k], "awardee").status_code

    threads = [threading.Thread(target=run, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 10
    while True:
        db.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                   "wait_event_type = 'Lock' AND pid <> %s",
                   (holder.get_backend_pid(),))
        if db.fetchone()[0] == 2:
            break
        assert time.monotonic() < deadline, "requests never waited"
        time.sleep(0.02)
    holder.rollback()
    holder.close()
    for t in threads:
        t.join()
    assert sorted(statuses.values()) == [200, 409]
    db.execute("SELECT count(*) FROM decisions WHERE decision = 'awardee'")
    assert db.fetchone()[0] == 1


def test_decision_list(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db, categories=(("Students", 2), ("Staff", 1)))
    a = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace",
                      affiliation="Analytical Society")
    b = add_candidate(db, cy["id"], cy["categories"][0], "Grace Hopper")
    add_nomination(db, a, "Charles Babbage", "charles@example.org")
    add_nomination(db, b, "Charles Babbage", "charles@example.org")
    n = add_candidate(db, cy["id"], cy["categories"][0], "Not Screened")
    add_nomination(db, n, "Someone", "someone@example.org",
                   status="submitted")
    assert decide(org, a, "awardee").status_code == 200
    r = org.get(f"/api/cycles/{cy['id']}/decisions")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["cycle"] == {"id": cy["id"], "name": "Awards 2027",
                             "phase": "deliberation"}
    assert body["missing"] == 1
    students, staff = body["categories"]
    assert students == {
        "id": cy["categories"][0], "name": "Students", "max_awardees": 2,
        "awardees": 1, "candidates": [
            {"candidate_id": a, "nominee_name": "Ada Lovelace",
             "nominee_affiliation": "Analytical Society",
             "decision": "awardee", "rank": 1, "rank_raw": 1,
             "score": None, "raw": None, "reviews": 0, "spread": None,
             "disputed": False},
            {"candidate_id": b, "nominee_name": "Grace Hopper",
             "nominee_affiliation": "Example University",
             "decision": None, "rank": 2, "rank_raw": 2, "score": None,
             "raw": None, "reviews": 0, "spread": None,
             "disputed": False}]}
    assert staff["candidates"] == [] and staff["awardees"] == 0
    assert org.get("/api/cycles/999999/decisions").status_code == 404


# -- the announcement ---------------------------------------------------


def decided_cycle(new_api, db, announce_to="list@example.org"):
    """A decided cycle: Ada (awardee, nominated by Charles and by Mary),
    Grace (honourable mention, by Charles), Alan (not selected, by Joan);
    returns (organizer client, cycle, {name: candidate id})."""
    org = organizer(new_api, db)
    cy = make_cycle(db, categories=(("Students", 1), ("Staff", 1)),
                    announce_to=announce_to)
    s, st = cy["categories"]
    ids = {
        "ada": add_candidate(db, cy["id"], s, "Ada Lovelace",
                             affiliation="Analytical Society"),
        "grace": add_candidate(db, cy["id"], s, "Grace Hopper",
                               affiliation="Navy"),
        "alan": add_candidate(db, cy["id"], st, "Alan Turing",
                              affiliation="Bletchley"),
    }
    add_nomination(db, ids["ada"], "Charles Babbage", "Charles@Example.org",
                   statement="Ada statement " + STATEMENT)
    add_nomination(db, ids["ada"], "Mary Somerville", "mary@example.org",
                   statement="Mary statement " + STATEMENT)
    add_nomination(db, ids["grace"], "Charles Babbage",
                   "charles@example.org",
                   statement="Grace statement " + STATEMENT)
    add_nomination(db, ids["alan"], "Joan Clarke", "joan@example.org",
                   statement="Alan statement " + STATEMENT)
    for name, decision in (("ada", "awardee"),
                           ("grace", "honorable_mention"),
                           ("alan", "not_selected")):
        assert decide(org, ids[name], decision).status_code == 200
    set_phase(db, cy["id"], "decided")
    return org, cy, ids


def test_announce_needs_decided(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db)
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={"hold": False})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    assert org.post("/api/cycles/999999/announce",
                    json={}).status_code == 404
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": "yes"}).status_code == 400


def test_announce_refuses_missing_decisions(new_api, db):
    """decision_missing(): the rule the move to decided uses, checked
    again at the announcement."""
    org = organizer(new_api, db)
    cy = make_cycle(db, phase="decided")
    for i in range(3):
        cand = add_candidate(db, cy["id"], cy["categories"][0], f"P {i}")
        add_nomination(db, cand, "Nom", "nom@example.org")
        if i == 0:
            db.execute("INSERT INTO decisions (candidate_id, decision) "
                       "VALUES (%s, 'awardee')", (cand,))
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "decisions_missing"
    assert r.json()["error"]["fields"] == {"missing": 2}
    assert "2 eligible candidates" in r.json()["error"]["message"]
    db.execute("SELECT phase FROM cycles")
    assert db.fetchone()[0] == "decided"
    assert outbox_rows(db, cy["id"]) == []


def test_announce_queues_every_mail_once(new_api, db, mailbox):
    org, cy, ids = decided_cycle(new_api, db)
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={"hold": False})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": cy["id"], "phase": "announced",
                        "held": False, "mails": 5}
    rows = outbox_rows(db, cy["id"])
    by_to = {}
    for event, to, *_ in rows:
        by_to.setdefault(to.lower(), []).append(event)
    # One awardee, three nominator addresses, one list.
    assert by_to == {
        "ada.lovelace@nominee.example.org": ["announcement_awardee"],
        "charles@example.org": ["announcement_nominator"],
        "mary@example.org": ["announcement_nominator"],
        "joan@example.org": ["announcement_thanks"],
        "list@example.org": ["announcement_list"],
    }
    db.execute("SELECT phase, announced_at IS NOT NULL FROM cycles")
    assert db.fetchone() == ("announced", True)
    db.execute("SELECT detail FROM audit_log WHERE action = "
               "'cycle.announce'")
    assert db.fetchall() == [({"hold": False, "mails": 5},)]
    msgs = mailbox.wait(count=5)
    assert len(msgs) == 5
    # Announcing again: refused, and nothing queued twice even when the
    # phase is put back by hand (the dedupe keys).
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    set_phase(db, cy["id"], "decided")
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={}).status_code == 200
    assert len(outbox_rows(db, cy["id"])) == 5


def test_one_mail_per_nominator_address(new_api, db):
    org = organizer(new_api, db)
    cy = make_cycle(db, categories=(("Students", 3),))
    outcomes = ("awardee", "honorable_mention", "not_selected",
                "awardee")
    for i, decision in enumerate(outcomes):
        cand = add_candidate(db, cy["id"], cy["categories"][0],
                             f"Nominee {i}")
        # The same person, written four ways.
        email = ["pat@example.org", "Pat@Example.org", "PAT@example.org",
                 "pat@EXAMPLE.ORG"][i]
        add_nomination(db, cand, "Pat Nominator", email)
        assert decide(org, cand, decision).status_code == 200
    set_phase(db, cy["id"], "decided")
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": True}).status_code == 200
    mails = [r for r in outbox_rows(db, cy["id"])
             if r[1].lower() == "pat@example.org"]
    assert len(mails) == 1
    event, to, name, subject, body, status = mails[0]
    assert event == "announcement_nominator" and name == "Pat Nominator"
    assert "- Nominee 0 (Students): chosen as an awardee" in body
    assert "- Nominee 1 (Students): honourable mention" in body
    assert "- Nominee 2 (Students): not chosen this time" in body
    assert "- Nominee 3 (Students): chosen as an awardee" in body


def test_thanks_when_nobody_was_chosen(new_api, db):
    org, cy, ids = decided_cycle(new_api, db)
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": True}).status_code == 200
    [joan] = [r for r in outbox_rows(db, cy["id"])
              if r[1] == "joan@example.org"]
    assert joan[0] == "announcement_thanks"
    # Every subject names the cycle (issue 14).
    assert joan[3] == "Awards 2027: thank you for your nomination"
    assert "- Alan Turing (Staff): not chosen this time" in joan[4]
    assert "Here is what became of the\npeople you nominated" in joan[4]


def test_thanks_for_a_nomination_screened_out(new_api, db):
    """A nomination that did not meet the criteria is told so, kindly,
    in the nominator's language: not "not chosen", since the committee
    never weighed it; an ineligible nomination of someone recognised
    through another nomination hears that they were."""
    org, cy, ids = decided_cycle(new_api, db)
    s, st = cy["categories"]
    out = add_candidate(db, cy["id"], st, "Out Of Scope")
    add_nomination(db, out, "Ines Ineligible", "ines@example.org",
                   status="ineligible")
    add_nomination(db, ids["ada"], "Iris Also", "iris@example.org",
                   status="ineligible")
    fuera = add_candidate(db, cy["id"], st, "Fuera Dealcance")
    nid = add_nomination(db, fuera, "Elena", "elena@example.org",
                         status="ineligible")
    db.execute("UPDATE nominations SET lang = 'es' WHERE id = %s", (nid,))
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": True}).status_code == 200
    mails = {r[1]: r for r in outbox_rows(db, cy["id"])}
    ines = mails["ines@example.org"]
    assert ines[0] == "announcement_thanks"
    assert "- Out Of Scope (Staff): the nomination did not meet the " \
        "award's criteria, so the committee did not score it; thank you " \
        "for recognising their work" in ines[4]
    assert "not chosen" not in ines[4]
    iris = mails["iris@example.org"]
    assert iris[0] == "announcement_nominator"
    assert "- Ada Lovelace (Students): chosen as an awardee" in iris[4]
    elena = mails["elena@example.org"]
    assert "la nominación no cumplía los criterios del premio" in elena[4]
    ada = mails["ada.lovelace@nominee.example.org"]
    assert ada[3] == "Congratulations: you are an awardee of the " \
        "Awards 2027"


def test_hold_queues_every_mail_held_until_released(new_api, db, mailbox):
    org, cy, ids = decided_cycle(new_api, db)
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={"hold": True})
    assert r.status_code == 200 and r.json()["held"] is True
    rows = outbox_rows(db, cy["id"])
    assert len(rows) == 5 and {r[5] for r in rows} == {"held"}
    # A mail queued after them goes out: the mailer has passed, and left
    # every held one alone.
    db.execute("INSERT INTO outbox (event, to_address, subject, body, "
               "message_id, dedupe_key) VALUES ('login_link', "
               "'sentinel@example.org', 'Sentinel', 'x', '<s@localhost>', "
               "'sentinel')")
    db.execute("NOTIFY awards_outbox")
    mailbox.wait(count=1, to="sentinel@example.org")
    assert len(mailbox.messages) == 1
    assert {r[5] for r in outbox_rows(db, cy["id"])} == {"held"}
    # The outbox shows the held bodies, so organizers read them first.
    listed = org.get("/api/outbox?status=held").json()["mails"]
    assert len(listed) == 5 and all(m["body"] for m in listed)
    r = org.post("/api/outbox/release", json={"cycle_id": cy["id"]})
    assert r.json() == {"released": 5}
    mailbox.wait(count=6)
    assert sorted(a for m in mailbox.messages for a in m["to"]
                  if a != "sentinel@example.org") == sorted([
                      "ada.lovelace@nominee.example.org",
                      "Charles@Example.org".lower(), "mary@example.org",
                      "joan@example.org", "list@example.org"])


def test_no_announce_to_no_list_mail(new_api, db):
    org, cy, ids = decided_cycle(new_api, db, announce_to=None)
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={"hold": True})
    assert r.json()["mails"] == 4
    assert "announcement_list" not in [r[0] for r in
                                       outbox_rows(db, cy["id"])]


def test_announcement_leaks_nothing(new_api, db, api):
    """No nominator's name or address in any mail but their own, no
    statement and no score in any mail or on the public list."""
    org, cy, ids = decided_cycle(new_api, db)
    # Scores exist, so that a leak could be seen.
    db.execute("INSERT INTO criteria (cycle_id, name) VALUES (%s, 'Impact') "
               "RETURNING id", (cy["id"],))
    crit = db.fetchone()[0]
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('member@example.org', 'Member Reviewer', 'committee') "
               "RETURNING id")
    member = db.fetchone()[0]
    for cand in ids.values():
        db.execute("INSERT INTO reviews (candidate_id, user_id, comment, "
                   "final) VALUES (%s, %s, 'Reviewer comment xyzzy', true) "
                   "RETURNING id", (cand, member))
        db.execute("INSERT INTO review_scores VALUES (%s, %s, 4)",
                   (db.fetchone()[0], crit))
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": True}).status_code == 200
    nominators = {"charles@example.org": "Charles Babbage",
                  "mary@example.org": "Mary Somerville",
                  "joan@example.org": "Joan Clarke"}
    secrets = ["statement", STATEMENT[:30], "xyzzy", "Reviewer",
               "Nominator College", "colleague", "member@example.org"]
    rows = outbox_rows(db, cy["id"])
    assert len(rows) == 5
    for event, to, name, subject, body, status in rows:
        text = "\n".join((to, name, subject, body)).lower()
        for address, person in nominators.items():
            if to.lower() == address:
                continue
            assert address not in text, (event, to)
            assert person.lower() not in text, (event, to)
            assert person.split()[1].lower() not in text, (event, to)
        for s in secrets:
            assert s.lower() not in text, (event, to, s)
        assert "score" not in text, (event, to)
    page = api.get(f"/api/cycles/{cy['id']}/awardees").text.lower()
    for address, person in nominators.items():
        assert address not in page and person.lower() not in page
    for s in secrets + ["nominee.example.org", "@"]:
        assert s.lower() not in page, s


# -- the public list ----------------------------------------------------


def test_awardees_404_until_announced(new_api, db, api):
    org, cy, ids = decided_cycle(new_api, db)
    r = api.get(f"/api/cycles/{cy['id']}/awardees")
    assert r.status_code == 404
    assert api.get("/api/cycles/announced").json() == {"cycles": []}
    assert api.get("/api/cycles/999999/awardees").status_code == 404
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={}).status_code == 200
    r = api.get(f"/api/cycles/{cy['id']}/awardees")
    assert r.status_code == 200
    assert r.json() == {
        "cycle": {"id": cy["id"], "name": "Awards 2027"},
        "categories": [
            {"name": "Students",
             "awardees": [{"name": "Ada Lovelace",
                           "affiliation": "Analytical Society"}],
             "honorable_mentions": [{"name": "Grace Hopper",
                                     "affiliation": "Navy"}]},
            {"name": "Staff", "awardees": [], "honorable_mentions": []},
        ]}
    assert api.get("/api/cycles/announced").json() == {
        "cycles": [{"id": cy["id"], "name": "Awards 2027"}]}


def test_awardees_holds_no_other_field(new_api, db, api):
    org, cy, ids = decided_cycle(new_api, db)
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={}).status_code == 200
    body = api.get(f"/api/cycles/{cy['id']}/awardees").json()
    assert set(body) == {"cycle", "categories"}
    assert set(body["cycle"]) == {"id", "name"}
    for cat in body["categories"]:
        assert set(cat) == {"name", "awardees", "honorable_mentions"}
        for person in cat["awardees"] + cat["honorable_mentions"]:
            assert set(person) == {"name", "affiliation"}
            assert all(isinstance(v, str) for v in person.values())


def test_awardees_same_for_a_signed_in_organizer(new_api, db, api):
    """The route is public and answers everyone alike (nginx caches it)."""
    org, cy, ids = decided_cycle(new_api, db)
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={}).status_code == 200
    assert org.get(f"/api/cycles/{cy['id']}/awardees").json() == \
        api.get(f"/api/cycles/{cy['id']}/awardees").json()


# -- end to end ---------------------------------------------------------


def test_a_cycle_from_nominations_to_announcement(api, new_api, db, mailbox,
                                                  open_cycle):
    """Nominations through the public form and its mails, screening and
    phases in SQL (other issues' endpoints), decisions and the
    announcement through the API, the mails received, the page public."""
    org = organizer(new_api, db)
    people = [("Ada Lovelace", "ada@example.org", "charles@example.org",
               "Charles Babbage"),
              ("Grace Hopper", "grace@example.org", "charles@example.org",
               "Charles Babbage"),
              ("Alan Turing", "alan@example.org", "joan@example.org",
               "Joan Clarke")]
    for nominee, nominee_email, nominator_email, nominator in people:
        body = {"cycle_id": open_cycle["id"],
                "category_id": open_cycle["categories"][0],
                "nominee": {"name": nominee, "email": nominee_email,
                            "affiliation": "Somewhere", "role": ""},
                "nominator": {"name": nominator, "email": nominator_email,
                              "affiliation": "", "relationship": ""},
                "statement": STATEMENT, "consent_contact_nominee": False}
        assert api.post("/api/nominations", json=body).status_code == 202
    for to, count in (("charles@example.org", 2), ("joan@example.org", 1)):
        for i in range(1, count + 1):
            token = mailbox.link_token(to, "confirm", count=i)
            assert api.post("/api/nominations/confirm",
                            json={"token": token}).status_code == 200
    mailbox.wait(count=6)  # three confirmations, three receipts
    db.execute("UPDATE nominations SET status = 'eligible'")
    cycle = open_cycle["id"]
    set_phase(db, cycle, "deliberation")
    db.execute("SELECT nominee_name, id FROM candidates")
    ids = dict(db.fetchall())
    # The category takes two awardees (open_cycle's setting).
    for name, decision in (("Ada Lovelace", "awardee"),
                           ("Grace Hopper", "awardee"),
                           ("Alan Turing", "not_selected")):
        assert decide(org, ids[name], decision).status_code == 200
    assert decide(org, ids["Alan Turing"], "awardee").status_code == 409
    set_phase(db, cycle, "decided")
    r = org.post(f"/api/cycles/{cycle}/announce", json={"hold": False})
    assert r.status_code == 200, r.text
    assert r.json()["mails"] == 4  # 2 awardees, 2 nominators, no list
    mailbox.wait(count=10)
    [charles] = [m for m in mailbox.wait(count=10)
                 if m["To"].addresses[0].addr_spec == "charles@example.org"
                 and "announced" in m["Subject"]]
    text = charles.get_body(("plain",)).get_content()
    assert "Ada Lovelace (Students): chosen as an awardee" in text
    assert "Grace Hopper (Students): chosen as an awardee" in text
    assert f"/awardees/{cycle}" in text
    [ada] = mailbox.wait(count=1, to="ada@example.org")
    assert ada["Subject"].startswith("Congratulations")
    assert "Charles" not in ada.get_body(("plain",)).get_content()
    names = [p["name"] for c in api.get(
        f"/api/cycles/{cycle}/awardees").json()["categories"]
        for p in c["awardees"]]
    assert names == ["Ada Lovelace", "Grace Hopper"]
    assert decide(org, ids["Ada Lovelace"], "not_selected").status_code \
        == 409


def test_an_edited_template_is_used(new_api, db):
    org, cy, ids = decided_cycle(new_api, db)
    r = org.put(f"/api/cycles/{cy['id']}/templates/announcement_nominator",
                json={"subject": "Results", "body":
                      "Dear {{nominator_name}}:\n{{outcomes}}\n"})
    assert r.status_code == 200, r.text
    r = org.put(f"/api/cycles/{cy['id']}/templates/announcement_thanks",
                json={"subject": "Thanks", "body": "{{nominee_name}}\n"})
    assert r.status_code == 422
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": True}).status_code == 200
    [mary] = [r for r in outbox_rows(db, cy["id"])
              if r[1] == "mary@example.org"]
    assert mary[3] == "Results"
    assert mary[4] == ("Dear Mary Somerville:\n"
                       "- Ada Lovelace (Students): chosen as an awardee\n")


def test_moving_to_decided_needs_every_decision(new_api, db):
    """POST /api/cycles/{id}/phase to decided answers 409 with how many
    eligible candidates still lack a decision (issue 11)."""
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db, phase="deliberation")
    ada = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, ada, "Charles Babbage", "charles@example.org")
    ghost = add_candidate(db, cy["id"], cy["categories"][0], "No One")
    add_nomination(db, ghost, "Pat", "pat@example.org", status="ineligible")
    r = org.post(f"/api/cycles/{cy['id']}/phase", json={"phase": "decided"})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["code"] == "decisions_missing"
    assert r.json()["error"]["fields"] == {"missing": 1}
    assert org.put(f"/api/candidates/{ada}/decision",
                   json={"decision": "not_selected"}).status_code == 200
    r = org.post(f"/api/cycles/{cy['id']}/phase", json={"phase": "decided"})
    assert r.status_code == 200, r.text
    assert r.json()["phase"] == "decided"
