"""Automatic conflicts whatever the order of events (issue 20, item 2):
a member whose address is the nominee's or a nominator's of a candidate
is conflicted with it from the moment the data says so, not from the
next assignment run or merge.  Assigned first and nominating later,
nominating first and invited later, or merged: the member neither sees,
nor reviews, nor counts."""

import subprocess

import queries  # scripts/queries.py, on the path from tests/conftest.py
import scoring_util as su
from accounts_util import add_user


def email_of(db, uid):
    db.execute("SELECT email FROM users WHERE id = %s", (uid,))
    return db.fetchone()[0]


def nominate(db, cand, nominator_email, status="pending"):
    """A nomination of candidate cand by nominator_email, in SQL (the
    candidate's first nomination gives everything else)."""
    db.execute(
        "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, nominator_name, nominator_email, "
        "statement, status) SELECT cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, 'The Member', %s, statement, %s "
        "FROM nominations WHERE candidate_id = %s ORDER BY id LIMIT 1 "
        "RETURNING id", (nominator_email, status, cand))
    return db.fetchone()[0]


def reviews_of(org, cyc, cand):
    r = org.get(f"/api/cycles/{cyc['id']}/rankings")
    assert r.status_code == 200, r.text
    for cat in r.json()["categories"]:
        for row in cat["candidates"]:
            if row["candidate_id"] == cand:
                return row["reviews"]
    return None


def test_assigned_then_nominating(new_api, db, stack):
    cyc = su.cycle(db, phase="scoring")
    c1, c2 = cyc["criteria"]
    cand, _ = su.candidate(db, cyc, cyc["categories"][0])
    uid, m = su.member(new_api, db)
    uid2, _ = su.member(new_api, db)
    _, org = su.member(new_api, db, role="organizer")
    su.assign(db, cand, uid, attested=True)
    su.assign(db, cand, uid2, attested=True)
    su.final_review(db, cand, uid, {c1: 5, c2: 5})
    su.final_review(db, cand, uid2, {c1: 1, c2: 1})
    assert m.get(f"/api/candidates/{cand}").status_code == 200
    assert reviews_of(org, cyc, cand) == 2

    # The member nominates the candidate: unconfirmed yet, and with the
    # address typed otherwise, it is still theirs.
    nid = nominate(db, cand, "  " + email_of(db, uid).upper() + " ")
    assert m.get(f"/api/candidates/{cand}").status_code == 404
    assert m.get("/api/me/assignments").json()["assignments"] == []
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {str(c1): 3, str(c2): 3}, "final": False})
    assert r.status_code == 404, r.text
    assert m.post(f"/api/candidates/{cand}/attest",
                  json={"conflict": False}).status_code == 404
    # The review drops out of the rankings and of what others read.
    assert reviews_of(org, cyc, cand) == 1
    body = org.get(f"/api/candidates/{cand}").json()
    assert [a["user_id"] for a in body["assignments"]] == [uid2]
    su.set_phase(db, cyc, "deliberation")
    r = org.get(f"/api/candidates/{cand}/reviews")
    assert [x["user_id"] for x in r.json()["reviews"]] == [uid2]
    su.set_phase(db, cyc, "scoring")
    # No reminder of work the member may no longer do.
    r = subprocess.run([stack.binary, "remind"], env=stack.process_env(),
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    db.execute("SELECT count(*) FROM outbox WHERE event = 'reminder' "
               "AND to_address = %s", (email_of(db, uid),))
    assert db.fetchone()[0] == 0

    # Organizers see no unconfirmed nomination, so no conflict of one;
    # once confirmed, the automatic conflict shows.
    assert uid not in [x["user_id"] for x in body["conflicts"]]
    db.execute("UPDATE nominations SET status = 'submitted', "
               "confirmed_at = now() WHERE id = %s", (nid,))
    body = org.get(f"/api/candidates/{cand}").json()
    assert [(x["user_id"], x["source"]) for x in body["conflicts"]] == \
        [(uid, "automatic")]
    # Automatic assignment never gives it back.
    r = org.post("/api/assignments", json={"candidate_id": cand,
                                           "user_id": uid})
    assert r.status_code == 409 and \
        r.json()["error"]["code"] == "conflicted"


def test_nominee_invited_later(new_api, db):
    cyc = su.cycle(db, phase="scoring")
    cand, _ = su.candidate(db, cyc, cyc["categories"][0],
                           nominee_email="later.member@example.org")
    # Invited to the committee after the nomination, and assigned by a
    # hand that never ran the automatic assignment.
    uid = add_user(db, "Later.Member@example.org", password=None)
    m = su.session_for(new_api, db, uid)
    su.assign(db, cand, uid, attested=True)
    assert m.get(f"/api/candidates/{cand}").status_code == 404
    assert m.get("/api/me/assignments").json()["assignments"] == []


def test_nominator_invited_later_is_never_assigned(new_api, db):
    cyc = su.cycle(db, phase="scoring")
    cand, who = su.candidate(db, cyc, cyc["categories"][0])
    _, org = su.member(new_api, db, role="organizer")
    uid = add_user(db, who[0][1], password=None)
    db.execute("UPDATE cycles SET reviewers_per_candidate = 1, phase = "
               "'nominations_closed' WHERE id = %s", (cyc["id"],))
    r = org.post(f"/api/cycles/{cyc['id']}/assignments/auto", json={})
    assert r.status_code == 200, r.text
    assert r.json()["assigned"] == 0 and r.json()["short"] == 1
    db.execute("SELECT count(*) FROM assignments WHERE user_id = %s",
               (uid,))
    assert db.fetchone()[0] == 0


def test_merge_brings_the_conflict(new_api, db):
    cyc = su.cycle(db, phase="scoring")
    cat = cyc["categories"][0]
    uid, m = su.member(new_api, db)
    _, org = su.member(new_api, db, role="organizer")
    kept, _ = su.candidate(db, cyc, cat, name="Ada Lovelace")
    other, _ = su.candidate(db, cyc, cat, name="Ada King")
    nominate(db, other, email_of(db, uid), status="eligible")
    su.assign(db, kept, uid, attested=True)
    su.final_review(db, kept, uid, {c: 4 for c in cyc["criteria"]})
    assert m.get(f"/api/candidates/{kept}").status_code == 200
    r = org.post(f"/api/candidates/{other}/merge", json={"into": kept})
    assert r.status_code == 200, r.text
    assert m.get(f"/api/candidates/{kept}").status_code == 404
    assert reviews_of(org, cyc, kept) == 0


def test_a_members_reads_find_their_conflicts_by_index(db):
    """The derived conflicts of one member are found through the address
    indexes (migration 0100), not by reading every nomination: in the
    plan of a member's assignments and of their candidate page, with
    5,000 nominations, no sequential scan of nominations (there was one,
    1.1 s a request at 100,000 nominations)."""
    from announce_util import add_candidate, add_nomination, make_cycle
    cycle = make_cycle(db, phase="scoring")
    cand = add_candidate(db, cycle["id"], cycle["categories"][0], "Ada")
    add_nomination(db, cand, "N", "nominator0@example.org")
    # The many nominations are of another candidate, as in a cycle.
    other = add_candidate(db, cycle["id"], cycle["categories"][0], "Bo")
    first = add_nomination(db, other, "N", "nominator1@example.org")
    db.execute(
        "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, nominator_name, nominator_email, "
        "statement, status) SELECT cycle_id, category_id, candidate_id, "
        "nominee_name, 'nominee' || i || '@example.org', nominator_name, "
        "'nominator' || i || '@example.org', statement, status "
        "FROM nominations, generate_series(1, 5000) AS i WHERE id = %s",
        (first,))
    uid = add_user(db, "member@example.org", role="committee")
    db.execute("ANALYZE nominations")
    plans = {}
    for name, args in (("SQL_ME_ASSIGNMENTS", (uid,)),
                       ("SQL_CANDIDATE_READ", (cand, uid, "127.0.0.1"))):
        sql = queries.named(name).sql
        db.execute("BEGIN")
        db.execute("PREPARE p AS " + sql)
        db.execute("EXPLAIN EXECUTE p(" + ", ".join(["%s"] * len(args)) +
                   ")", args)
        plans[name] = "\n".join(r[0] for r in db.fetchall())
        db.execute("DEALLOCATE p")
        db.execute("ROLLBACK")
    for name, plan in plans.items():
        assert "Seq Scan on nominations" not in plan, name + ":\n" + plan
