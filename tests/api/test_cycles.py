"""Running a cycle (issue 9): a cycle built from nothing through the API,
the phase machine and its refusals, the rubric while in draft,
screening, the nominee's mail, merging, and the automatic assignment."""

import itertools

from accounts_util import add_user
from cycles_util import (build_cycle, insert_confirmed, iso, nominate,
                         organizer)

PHASES = ["draft", "nominations_open", "nominations_closed", "scoring",
          "deliberation", "decided", "announced"]
ALLOWED = {(a, b) for a, b in zip(PHASES, PHASES[1:])} | {
    ("nominations_closed", "nominations_open"), ("deliberation", "scoring")}


def test_a_cycle_from_nothing(new_api, api, db, mailbox):
    org = organizer(new_api, db)
    r = org.post("/api/cycles", json={"name": "Awards 2031",
                                      "nominations_close_at": iso(20)})
    assert r.status_code == 201, r.text
    cycle = r.json()
    assert cycle["phase"] == "draft"
    assert cycle["reviewers_per_candidate"] == 3
    assert cycle["blind"] is True and cycle["notify_nominees"] is False
    assert cycle["moves"] == ["nominations_open"]
    cid = cycle["id"]

    # Opening with no category is refused, with the reason.
    r = org.post(f"/api/cycles/{cid}/phase", json={"phase":
                                                    "nominations_open"})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "no_category"

    r = org.post(f"/api/cycles/{cid}/categories",
                 json={"name": "Students", "max_awardees": 2})
    assert r.status_code == 201, r.text
    cat = r.json()["id"]
    r = org.post(f"/api/cycles/{cid}/criteria",
                 json={"name": "Impact", "weight": 2.5, "min": 1, "max": 5,
                       "min_label": "1 = little evidence",
                       "max_label": "5 = exceptional"})
    assert r.status_code == 201, r.text
    assert r.json()["min_label"] == "1 = little evidence"
    assert r.json()["weight"] == 2.5

    # Dates are checked against each other, naming the field.
    r = org.patch(f"/api/cycles/{cid}", json={"scoring_close_at": iso(10)})
    assert r.status_code == 422
    assert "scoring_close_at" in r.json()["error"]["fields"]
    r = org.patch(f"/api/cycles/{cid}",
                  json={"nominations_open_at": iso(25)})
    assert r.status_code == 422
    assert "nominations_open_at" in r.json()["error"]["fields"]
    r = org.patch(f"/api/cycles/{cid}", json={
        "scoring_close_at": iso(40), "reviewers_per_candidate": 2,
        "contact_email": "awards@example.org", "notify_nominees": True})
    assert r.status_code == 200, r.text
    assert r.json()["contact_email"] == "awards@example.org"
    assert r.json()["reviewers_per_candidate"] == 2
    r = org.patch(f"/api/cycles/{cid}", json={"name": None})
    assert r.status_code == 422

    r = org.post(f"/api/cycles/{cid}/phase",
                 json={"phase": "nominations_open"})
    assert r.status_code == 200, r.text
    assert r.json()["phase"] == "nominations_open"
    assert r.json()["nominations_open_at"] is not None
    assert api.get("/api/cycles/current").json()["id"] == cid

    r = org.get("/api/cycles")
    assert r.status_code == 200
    assert [c["id"] for c in r.json()["cycles"]] == [cid]

    # A nomination, confirmed by its nominator, screened eligible.
    cycle = org.get(f"/api/cycles/{cid}").json()
    nid = nominate(api, mailbox, cycle, cat, "grace@example.org",
                   "alan@example.org", nominee_name="Grace Hopper")
    r = org.get(f"/api/cycles/{cid}/candidates")
    assert r.status_code == 200
    cands = r.json()["candidates"]
    assert len(cands) == 1 and cands[0]["eligible"] is False
    assert cands[0]["nominations"][0]["nominator"]["email"] == \
        "alan@example.org"
    r = org.patch(f"/api/nominations/{nid}", json={"status": "eligible"})
    assert r.status_code == 200, r.text

    for i in range(3):
        add_user(db, f"member{i}@example.org", name=f"Member {i}")
    r = org.post(f"/api/cycles/{cid}/assignments/auto", json={})
    assert r.status_code == 200, r.text
    assert r.json()["assigned"] == 2

    # Scoring needs the nominations closed first.
    r = org.post(f"/api/cycles/{cid}/phase", json={"phase": "scoring"})
    assert r.json()["error"]["code"] == "invalid_transition"
    for phase in ("nominations_closed", "scoring"):
        r = org.post(f"/api/cycles/{cid}/phase", json={"phase": phase})
        assert r.status_code == 200, r.text
    db.execute("SELECT action FROM audit_log ORDER BY id")
    actions = [a for (a,) in db.fetchall()]
    for a in ("cycle.create", "category.create", "criterion.create",
              "cycle.update", "cycle.phase", "nomination.screen",
              "assignment.auto"):
        assert a in actions


def test_every_invalid_phase_move_is_refused(new_api, db):
    org = organizer(new_api, db)
    cycle = build_cycle(org, open_it=False)
    cid = cycle["id"]
    for a, b in itertools.product(PHASES, PHASES):
        if (a, b) in ALLOWED:
            continue
        db.execute("UPDATE cycles SET phase = %s WHERE id = %s", (a, cid))
        r = org.post(f"/api/cycles/{cid}/phase", json={"phase": b})
        assert r.status_code == 409, (a, b, r.text)
        assert r.json()["error"]["code"] == "invalid_transition", (a, b)
        db.execute("SELECT phase FROM cycles WHERE id = %s", (cid,))
        assert db.fetchone()[0] == a
    r = org.post(f"/api/cycles/{cid}/phase", json={"phase": "nowhere"})
    assert r.status_code == 422
    r = org.post("/api/cycles/999999/phase", json={"phase": "scoring"})
    assert r.status_code == 404


def test_moves_that_would_leave_the_cycle_unusable(new_api, db):
    org = organizer(new_api, db)
    r = org.post("/api/cycles", json={"name": "No dates"})
    cid = r.json()["id"]
    org.post(f"/api/cycles/{cid}/categories", json={"name": "One"})
    r = org.post(f"/api/cycles/{cid}/phase",
                 json={"phase": "nominations_open"})
    assert r.json()["error"]["code"] == "no_close_date"
    org.patch(f"/api/cycles/{cid}", json={"nominations_close_at": iso(5)})
    r = org.post(f"/api/cycles/{cid}/phase",
                 json={"phase": "nominations_open"})
    assert r.status_code == 200, r.text

    # A second cycle cannot open while this one is.
    other = build_cycle(org, name="Other", open_it=False)
    r = org.post(f"/api/cycles/{other['id']}/phase",
                 json={"phase": "nominations_open"})
    assert r.json()["error"]["code"] == "another_cycle_open"

    org.post(f"/api/cycles/{cid}/phase", json={"phase":
                                                "nominations_closed"})
    r = org.post(f"/api/cycles/{cid}/phase", json={"phase": "scoring"})
    assert r.json()["error"]["code"] == "no_criterion"
    db.execute("INSERT INTO criteria (cycle_id, name) VALUES (%s, 'C')",
               (cid,))
    r = org.post(f"/api/cycles/{cid}/phase", json={"phase": "scoring"})
    assert r.json()["error"]["code"] == "no_assignment"
    db.execute("UPDATE cycles SET phase = 'decided' WHERE id = %s", (cid,))
    r = org.post(f"/api/cycles/{cid}/phase", json={"phase": "announced"})
    assert r.json()["error"]["code"] == "announce_required"


def test_rubric_changes_only_in_draft(new_api, db):
    org = organizer(new_api, db)
    cycle = build_cycle(org, open_it=False)
    cid = cycle["id"]
    cat, crit = cycle["categories"][0]["id"], cycle["criteria"][0]["id"]
    r = org.patch(f"/api/categories/{cat}", json={"name": "Renamed"})
    assert r.status_code == 200 and r.json()["name"] == "Renamed"
    r = org.patch(f"/api/criteria/{crit}", json={"min": 5})
    assert r.status_code == 422
    assert "min" in r.json()["error"]["fields"]
    r = org.post(f"/api/cycles/{cid}/criteria",
                 json={"name": "Bad", "min": 3, "max": 3})
    assert r.status_code == 422 and "max" in r.json()["error"]["fields"]
    r = org.post(f"/api/cycles/{cid}/categories", json={"name": "Renamed"})
    assert r.status_code == 409
    r = org.patch(f"/api/criteria/{crit}", json={"max": 7,
                                                 "max_label": "superb"})
    assert r.status_code == 200
    assert (r.json()["max"], r.json()["max_label"]) == (7, "superb")
    r = org.delete(f"/api/criteria/{cycle['criteria'][2]['id']}")
    assert r.status_code == 204
    r = org.post(f"/api/cycles/{cid}/categories", json={"name": "x",
                                                        "color": "red"})
    assert r.status_code == 400

    org.post(f"/api/cycles/{cid}/phase", json={"phase": "nominations_open"})
    for r in (org.post(f"/api/cycles/{cid}/categories", json={"name": "N"}),
              org.post(f"/api/cycles/{cid}/criteria", json={"name": "N"}),
              org.patch(f"/api/categories/{cat}", json={"name": "M"}),
              org.patch(f"/api/criteria/{crit}", json={"weight": 3}),
              org.delete(f"/api/categories/{cat}"),
              org.delete(f"/api/criteria/{crit}")):
        assert r.status_code == 409, r.text
        assert r.json()["error"]["code"] == "wrong_phase"
    assert org.delete("/api/criteria/999999").status_code == 404


def test_a_pending_nomination_is_invisible(new_api, api, db, mailbox):
    org = organizer(new_api, db)
    cycle = build_cycle(org)
    cat = cycle["categories"][0]["id"]
    # Anybody may submit a nomination that is never confirmed: it must
    # neither show nor name the nominee.
    nominate(api, mailbox, cycle, cat, "Ada@Example.org",
             "mallory@example.org", confirm=False, nominee_name="Wrong Name")
    r = org.get(f"/api/cycles/{cycle['id']}/candidates")
    assert r.json()["candidates"] == [] and r.json()["total"] == 0
    add_user(db, "m1@example.org")
    r = org.post(f"/api/cycles/{cycle['id']}/assignments/auto")
    assert r.json()["candidates"] == 0 and r.json()["assigned"] == 0

    nid = nominate(api, mailbox, cycle, cat, "ada@example.org",
                   "charles@example.org", nominee_name="Ada Lovelace")
    cands = org.get(f"/api/cycles/{cycle['id']}/candidates").json()[
        "candidates"]
    assert len(cands) == 1
    assert cands[0]["nominee_name"] == "Ada Lovelace"
    assert [n["id"] for n in cands[0]["nominations"]] == [nid]
    # Still nothing for the committee until it is screened eligible.
    r = org.post(f"/api/cycles/{cycle['id']}/assignments/auto")
    assert r.json()["candidates"] == 0
    assert org.get(f"/api/cycles/{cycle['id']}/candidates?status=pending"
                   ).status_code == 422


def test_screening_and_the_nominee_mail(new_api, api, db, mailbox):
    org = organizer(new_api, db)
    cycle = build_cycle(org, notify_nominees=True)
    cid, cat = cycle["id"], cycle["categories"][0]["id"]
    first = nominate(api, mailbox, cycle, cat, "ada@example.org",
                     "charles@example.org", consent=True)
    second = nominate(api, mailbox, cycle, cat, "ada@example.org",
                      "mary@example.org", consent=True)
    r = org.patch(f"/api/nominations/{first}", json={"status":
                                                      "ineligible"})
    assert r.status_code == 422 and "reason" in r.json()["error"]["fields"]
    r = org.patch(f"/api/nominations/{first}",
                  json={"status": "ineligible", "reason": "Out of scope"})
    assert r.status_code == 200 and r.json()["reason"] == "Out of scope"
    r = org.get(f"/api/cycles/{cid}/candidates?status=ineligible")
    assert r.json()["total"] == 1
    assert org.get(f"/api/cycles/{cid}/candidates?status=eligible"
                   ).json()["total"] == 0

    for nid in (first, second):
        r = org.patch(f"/api/nominations/{nid}", json={"status":
                                                        "eligible"})
        assert r.status_code == 200, r.text
    msg = mailbox.wait(to="ada@example.org")[0]
    text = msg.get_body(("plain",)).get_content()
    for secret in ("Charles", "Babbage", "charles@", "mary@"):
        assert secret not in text
    # Once per candidate.
    db.execute("SELECT count(*) FROM outbox WHERE event = "
               "'candidate_nominated'")
    assert db.fetchone()[0] == 1

    # A statement edited after screening goes back to submitted.
    manage = mailbox.link_token("charles@example.org", "manage")
    r = api.post("/api/nominations/manage", json={
        "token": manage, "statement": "A new statement " * 10})
    assert r.status_code == 200, r.text
    db.execute("SELECT status FROM nominations WHERE id = %s", (first,))
    assert db.fetchone()[0] == "submitted"

    r = org.patch("/api/nominations/999999", json={"status": "eligible"})
    assert r.status_code == 404


def test_no_mail_without_consent(new_api, api, db, mailbox):
    org = organizer(new_api, db)
    cycle = build_cycle(org, notify_nominees=True)
    nid = nominate(api, mailbox, cycle, cycle["categories"][0]["id"],
                   "ada@example.org", "charles@example.org", consent=False)
    r = org.patch(f"/api/nominations/{nid}", json={"status": "eligible"})
    assert r.status_code == 200
    db.execute("SELECT count(*) FROM outbox WHERE to_address = "
               "'ada@example.org'")
    assert db.fetchone()[0] == 0


def pairs(db, cid):
    db.execute("SELECT a.candidate_id, a.user_id FROM assignments a "
               "JOIN candidates c ON c.id = a.candidate_id "
               "WHERE c.cycle_id = %s", (cid,))
    return set(db.fetchall())


def loads(db, members, cid):
    got = dict.fromkeys(members, 0)
    for _, u in pairs(db, cid):
        got[u] += 1
    return got


def test_automatic_assignment(new_api, db):
    org = organizer(new_api, db)
    cycle = build_cycle(org, reviewers_per_candidate=3)
    cid = cycle["id"]
    cats = [c["id"] for c in cycle["categories"]]
    members = [add_user(db, f"member{i}@example.org", name=f"M{i}",
                        password=None) for i in range(7)]
    cands = []
    for i in range(30):
        nominee = f"nominee{i}@example.org"
        nominator = f"nominator{i}@example.org"
        if i == 3:
            nominee = " Member0@Example.org "   # automatic: the nominee
        if i == 7:
            nominator = "MEMBER1@example.org"   # automatic: a nominator
        c, _ = insert_confirmed(db, cid, cats[i % 2], nominee, nominator,
                                status="eligible")
        cands.append(c)
    # Not eligible: never assigned.
    insert_confirmed(db, cid, cats[0], "late@example.org",
                     "x@example.org", status="submitted")
    db.execute("INSERT INTO conflicts (candidate_id, user_id, source) "
               "VALUES (%s, %s, 'organizer')", (cands[10], members[2]))

    r = org.post(f"/api/cycles/{cid}/assignments/auto", json={})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["assigned"] == 90 and got["candidates"] == 30
    assert got["short"] == 0
    # Automatic conflicts are derived where they are read (migration
    # 0018), not written by the run.
    db.execute("SELECT candidate_id, user_id, source FROM "
               "candidate_conflicts ORDER BY candidate_id")
    conflicts = db.fetchall()
    assert (cands[3], members[0], "automatic") in conflicts
    assert (cands[7], members[1], "automatic") in conflicts
    first = pairs(db, cid)
    assert not first & {(c, u) for c, u, _ in conflicts}
    per = {c: sum(1 for cc, _ in first if cc == c) for c in cands}
    assert set(per.values()) == {3}
    load = loads(db, members, cid)
    assert max(load.values()) - min(load.values()) <= 1, load
    db.execute("SELECT count(*) FROM outbox WHERE event = "
               "'assignments_made'")
    assert db.fetchone()[0] == 7

    # Again: nothing changes, nobody is mailed.
    r = org.post(f"/api/cycles/{cid}/assignments/auto", json={})
    assert r.json()["assigned"] == 0
    assert pairs(db, cid) == first
    db.execute("SELECT count(*) FROM outbox WHERE event = "
               "'assignments_made'")
    assert db.fetchone()[0] == 7

    # Five more: the third run only tops up.
    more = [insert_confirmed(db, cid, cats[0], f"more{i}@example.org",
                             f"n{i}@example.org", status="eligible")[0]
            for i in range(5)]
    r = org.post(f"/api/cycles/{cid}/assignments/auto", json={})
    assert r.json()["assigned"] == 15
    third = pairs(db, cid)
    assert first < third
    assert {c for c, _ in third - first} == set(more)
    load = loads(db, members, cid)
    assert max(load.values()) - min(load.values()) <= 1, load
    db.execute("SELECT count(DISTINCT dedupe_key) FROM outbox "
               "WHERE event = 'assignments_made'")
    assert db.fetchone()[0] > 7

    # The page's view: every member with their load.
    view = org.get(f"/api/cycles/{cid}/assignments").json()
    assert sorted(m["load"] for m in view["members"]) == \
        sorted(load.values())
    assert len(view["candidates"]) == 35


def test_manual_assignment(new_api, db):
    org = organizer(new_api, db)
    cycle = build_cycle(org)
    cid, cat = cycle["id"], cycle["categories"][0]["id"]
    m1 = add_user(db, "m1@example.org", password=None)
    m2 = add_user(db, "m2@example.org", password=None)
    cand, _ = insert_confirmed(db, cid, cat, "ada@example.org",
                               "m2@example.org", status="eligible")
    pend, _ = insert_confirmed(db, cid, cat, "bob@example.org",
                               "x@example.org", status="submitted")
    r = org.post("/api/assignments", json={"candidate_id": cand,
                                           "user_id": m2})
    assert r.status_code == 409 and r.json()["error"]["code"] == \
        "conflicted"
    r = org.post("/api/assignments", json={"candidate_id": pend,
                                           "user_id": m1})
    assert r.json()["error"]["code"] == "not_eligible"
    r = org.post("/api/assignments", json={"candidate_id": cand,
                                           "user_id": m1})
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    r = org.post("/api/assignments", json={"candidate_id": cand,
                                           "user_id": m1})
    assert r.json()["error"]["code"] == "already_assigned"
    r = org.post("/api/assignments", json={"candidate_id": 999999,
                                           "user_id": m1})
    assert r.status_code == 422
    db.execute("INSERT INTO reviews (candidate_id, user_id) VALUES "
               "(%s, %s)", (cand, m1))
    r = org.delete(f"/api/assignments/{aid}")
    assert r.json()["error"]["code"] == "review_started"
    db.execute("DELETE FROM reviews")
    assert org.delete(f"/api/assignments/{aid}").status_code == 204
    assert org.delete(f"/api/assignments/{aid}").status_code == 404


def test_merge(new_api, db):
    org = organizer(new_api, db)
    cycle = build_cycle(org)
    cid = cycle["id"]
    cat, other_cat = [c["id"] for c in cycle["categories"]]
    m1 = add_user(db, "m1@example.org", password=None)
    m2 = add_user(db, "m2@example.org", password=None)
    a, na = insert_confirmed(db, cid, cat, "ada@example.org",
                             "x@example.org", status="eligible")
    b, nb = insert_confirmed(db, cid, cat, "ada.l@example.org",
                             "y@example.org", status="eligible")
    c, _ = insert_confirmed(db, cid, other_cat, "z@example.org",
                            "w@example.org", status="eligible")
    for cand, user in ((a, m1), (b, m1), (a, m2)):
        db.execute("INSERT INTO assignments (candidate_id, user_id) "
                   "VALUES (%s, %s)", (cand, user))
        db.execute("INSERT INTO reviews (candidate_id, user_id, comment) "
                   "VALUES (%s, %s, %s)", (cand, user, f"on {cand}"))
    r = org.post(f"/api/candidates/{a}/merge", json={"into": c})
    assert r.json()["error"]["code"] == "different_category"
    r = org.post(f"/api/candidates/{a}/merge", json={"into": a})
    assert r.status_code == 422
    r = org.post(f"/api/candidates/{a}/merge", json={"into": b})
    assert r.status_code == 200, r.text
    db.execute("SELECT candidate_id FROM nominations WHERE id IN (%s, %s)",
               (na, nb))
    assert {x for (x,) in db.fetchall()} == {b}
    db.execute("SELECT status, merged_into FROM candidates WHERE id = %s",
               (a,))
    assert db.fetchone() == ("merged", b)
    db.execute("SELECT user_id, candidate_id, merged FROM reviews "
               "ORDER BY user_id, merged")
    assert db.fetchall() == [(m1, b, False), (m1, a, True),
                             (m2, b, False)]
    assert pairs(db, cid) >= {(b, m1), (b, m2)}
    r = org.post(f"/api/candidates/{a}/merge", json={"into": b})
    assert r.json()["error"]["code"] == "already_merged"
    cands = org.get(f"/api/cycles/{cid}/candidates").json()["candidates"]
    assert a not in [x["id"] for x in cands]


def test_criterion_weights_and_count_are_bounded(new_api, db):
    """Weights above 0, at most 100, in hundredths (SPEC §3); at most 50
    criteria a cycle: a weight of 1,000,000 was accepted before."""
    org = organizer(new_api, db)
    cid = org.post("/api/cycles", json={"name": "Weights"}).json()["id"]
    for bad in (1000000, 100.01, 0, -1, 2.555, 0.001):
        r = org.post(f"/api/cycles/{cid}/criteria",
                     json={"name": f"W {bad}", "weight": bad})
        assert r.status_code == 422, (bad, r.text)
        assert "weight" in r.json()["error"]["fields"], bad
    for good in (100, 99.99, 0.01, 33.33):
        r = org.post(f"/api/cycles/{cid}/criteria",
                     json={"name": f"W {good}", "weight": good})
        assert r.status_code == 201, (good, r.text)
        assert r.json()["weight"] == good
        r = org.patch(f"/api/criteria/{r.json()['id']}",
                      json={"weight": 150})
        assert r.status_code == 422
    db.execute("SELECT max(weight) FROM criteria WHERE cycle_id = %s",
               (cid,))
    assert float(db.fetchone()[0]) == 100
    for i in range(46):
        assert org.post(f"/api/cycles/{cid}/criteria",
                        json={"name": f"C {i}"}).status_code == 201
    r = org.post(f"/api/cycles/{cid}/criteria", json={"name": "C 51"})
    assert r.status_code == 422, r.text
    db.execute("SELECT count(*) FROM criteria WHERE cycle_id = %s", (cid,))
    assert db.fetchone()[0] == 50
