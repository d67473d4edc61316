"""Scoring (issue 10): assignments, declare before reading, conflicts,
reviews, reopening, reading reviews, awards remind."""

import subprocess

import scoring_util as su


def make_setup(new_api, db, phase="scoring", blind=True):
    cyc = su.cycle(db, phase=phase, blind=blind)
    uid, m = su.member(new_api, db, name="Mona Member")
    cand, nominators = su.candidate(db, cyc, cyc["categories"][0],
                                    nominators=2)
    su.assign(db, cand, uid)
    return cyc, uid, m, cand, nominators


def test_assignments_shape_and_conflicts_hidden(new_api, db):
    cyc, uid, m, cand, _ = make_setup(new_api, db)
    other, _ = su.candidate(db, cyc, cyc["categories"][1], name="Bo Other")
    su.assign(db, other, uid)
    su.conflict(db, other, uid)
    r = m.get("/api/me/assignments")
    assert r.status_code == 200, r.text
    items = r.json()["assignments"]
    assert [a["candidate_id"] for a in items] == [cand]
    a = items[0]
    assert a["nominee_name"] == "Ada Nominee"
    assert a["category_id"] == cyc["categories"][0]
    assert a["attested"] is False and a["review"] == "none"
    assert a["cycle_id"] == cyc["id"] and a["cycle_name"] == "Awards 2027"
    assert a["scoring_close_at"].endswith("Z")
    # Exactly these fields, and nothing more of the nomination.
    assert set(a) == {"candidate_id", "nominee_name", "nominee_affiliation",
                      "category_id", "category_name", "attested", "review",
                      "cycle_id", "cycle_name", "phase", "scoring_close_at",
                      "reopen_reason"}
    assert a["phase"] == "scoring"
    assert isinstance(a["category_name"], str) and a["category_name"]
    assert isinstance(a["nominee_affiliation"], str)


def test_declare_before_reading(new_api, db):
    cyc, uid, m, cand, nominators = make_setup(new_api, db)
    # A pending and a withdrawn nomination never show.
    db.execute("INSERT INTO nominations (cycle_id, category_id, "
               "candidate_id, nominee_name, nominee_email, nominator_name, "
               "nominator_email, statement, status) SELECT cycle_id, "
               "category_id, candidate_id, nominee_name, nominee_email, "
               "'P', 'p@example.org', %s, s FROM nominations, "
               "unnest(ARRAY['pending', 'withdrawn']) s WHERE candidate_id"
               " = %s LIMIT 2", ("PENDING " + su.STATEMENT, cand))
    r = m.get(f"/api/candidates/{cand}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["attested"] is False
    assert body["nominee_name"] == "Ada Nominee"
    assert body["nominee_affiliation"] == "Uni of Somewhere"
    assert body["category"]["id"] == cyc["categories"][0]
    assert "nominations" not in body and "criteria" not in body
    assert "bystander" not in r.text
    r = m.post(f"/api/candidates/{cand}/attest", json={"conflict": False})
    assert r.status_code == 200, r.text
    r = m.get(f"/api/candidates/{cand}")
    body = r.json()
    assert body["attested"] is True
    assert len(body["nominations"]) == 2
    assert "PENDING" not in r.text
    assert all("nominator" not in n for n in body["nominations"])
    for name, email in nominators:
        assert name not in r.text and email not in r.text
    assert [c["id"] for c in body["criteria"]] == cyc["criteria"]
    assert body["criteria"][0]["min"] == 1
    assert body["criteria"][0]["max"] == 5
    assert body["review"] is None
    # Every read is audited.
    db.execute("SELECT count(*) FROM audit_log WHERE action = "
               "'candidate.read' AND user_id = %s AND object_id = %s",
               (uid, cand))
    assert db.fetchone()[0] == 2
    assert m.get("/api/me/assignments").json()["assignments"][0][
        "attested"] is True


def test_not_blind_shows_nominator(new_api, db):
    cyc, uid, m, cand, nominators = make_setup(new_api, db, blind=False)
    db.execute("UPDATE assignments SET attested_at = now()")
    body = m.get(f"/api/candidates/{cand}").json()
    names = {n["nominator"]["name"] for n in body["nominations"]}
    assert names == {n for n, _ in nominators}
    assert "email" not in body["nominations"][0]["nominator"]


def test_member_read_exact_fields(new_api, db):
    """The member's view of a candidate, whole: exactly these fields at
    every level, the review's scores keyed by criterion id, a nominator
    who gave no name left out even where the cycle is not blind."""
    cyc, uid, m, cand, nominators = make_setup(new_api, db, blind=False)
    body = m.get(f"/api/candidates/{cand}").json()
    assert set(body) == {"id", "nominee_name", "nominee_affiliation",
                         "category", "cycle", "attested"}
    assert set(body["category"]) == {"id", "name"}
    assert set(body["cycle"]) == {"id", "name", "phase", "blind",
                                  "scoring_close_at"}
    assert body["cycle"]["blind"] is False
    db.execute("UPDATE assignments SET attested_at = now() WHERE "
               "candidate_id = %s", (cand,))
    db.execute("UPDATE nominations SET nominator_name = NULL WHERE id = "
               "(SELECT max(id) FROM nominations WHERE candidate_id = %s)",
               (cand,))
    su.final_review(db, cand, uid, {cyc["criteria"][0]: 4,
                                    cyc["criteria"][1]: 2},
                    final=False, comment="Strong")
    body = m.get(f"/api/candidates/{cand}").json()
    assert set(body) == {"id", "nominee_name", "nominee_affiliation",
                         "category", "cycle", "attested", "nominations",
                         "criteria", "review"}
    first, second = body["nominations"]
    assert set(first) == {"id", "statement", "nominee_role",
                          "submitted_at", "nominator", "letters"}
    assert first["letters"] == []
    assert set(first["nominator"]) == {"name", "affiliation",
                                       "relationship"}
    assert first["nominator"]["name"] == nominators[0][0]
    assert "nominator" not in second
    assert first["id"] < second["id"]
    assert set(body["criteria"][0]) == {"id", "name", "description",
                                        "weight", "min", "max", "min_label",
                                        "max_label"}
    assert [c["weight"] for c in body["criteria"]] == [2, 1]
    assert set(body["review"]) == {"id", "scores", "comment", "final",
                                   "version", "reopen_reason",
                                   "reopened_at", "updated_at"}
    assert body["review"]["scores"] == {str(cyc["criteria"][0]): 4,
                                        str(cyc["criteria"][1]): 2}
    assert body["review"]["comment"] == "Strong"
    assert body["review"]["final"] is False


def test_unassigned_and_conflicted_get_404(new_api, db):
    cyc, uid, m, cand, _ = make_setup(new_api, db)
    _, stranger = su.member(new_api, db)
    for path in (f"/api/candidates/{cand}", f"/api/candidates/{cand}/reviews"):
        assert stranger.get(path).status_code == 404
    assert stranger.post(f"/api/candidates/{cand}/attest",
                         json={"conflict": False}).status_code == 404
    su.conflict(db, cand, uid)
    assert m.get(f"/api/candidates/{cand}").status_code == 404
    assert m.get("/api/candidates/999999").status_code == 404
    # A refused read is not a read: nothing of it in the audit log.
    db.execute("SELECT count(*) FROM audit_log WHERE action = "
               "'candidate.read' AND object_id IN (%s, 999999)", (cand,))
    assert db.fetchone()[0] == 0


def test_organizer_sees_everything(new_api, db):
    cyc, uid, m, cand, nominators = make_setup(new_api, db)
    _, org = su.member(new_api, db, role="organizer")
    r = org.get(f"/api/candidates/{cand}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert {n["nominator"]["email"] for n in body["nominations"]} == \
        {e for _, e in nominators}
    assert [a["user_id"] for a in body["assignments"]] == [uid]
    # The rubric as a member sees it, in the organizers' order.
    assert [c["id"] for c in body["criteria"]] == cyc["criteria"]
    assert [c["weight"] for c in body["criteria"]] == [2, 1]
    assert set(body["criteria"][0]) == {"id", "name", "description",
                                        "weight", "min", "max", "min_label",
                                        "max_label"}


def test_attest_conflict_leaves_list_and_mails_organizers(new_api, db,
                                                          mailbox):
    cyc, uid, m, cand, nominators = make_setup(new_api, db)
    org_ids = [su.member(new_api, db, name=f"Org {i}", role="organizer")
               for i in range(2)]
    r = m.post(f"/api/candidates/{cand}/attest", json={"conflict": True})
    assert r.status_code == 422
    assert r.json()["error"]["fields"] == {"reason": "is required"}
    r = m.post(f"/api/candidates/{cand}/attest",
               json={"conflict": True, "reason": "She is my sister"})
    assert r.status_code == 200, r.text
    assert m.get("/api/me/assignments").json()["assignments"] == []
    assert m.get(f"/api/candidates/{cand}").status_code == 404
    db.execute("SELECT source, reason FROM conflicts WHERE candidate_id = %s"
               " AND user_id = %s", (cand, uid))
    assert db.fetchone() == ("declared", "She is my sister")
    db.execute("SELECT count(*) FROM assignments WHERE candidate_id = %s",
               (cand,))
    assert db.fetchone()[0] == 0
    # One mail per organizer, naming who and which, never the reason.
    mails = mailbox.wait(count=2)
    assert sorted(m_["To"].addresses[0].addr_spec for m_ in mails) == \
        sorted(f for f in _emails(db, [o for o, _ in org_ids]))
    for mail in mails:
        text = mail.get_body(("plain",)).get_content()
        assert "Mona Member" in text and "Ada Nominee" in text
        assert "sister" not in text
    # The organizer reads the reason in the API.
    _, org = org_ids[0]
    conf = org.get(f"/api/candidates/{cand}").json()["conflicts"]
    assert conf[0]["reason"] == "She is my sister"
    assert conf[0]["source"] == "declared"


def _emails(db, ids):
    db.execute("SELECT email FROM users WHERE id = ANY(%s)", (ids,))
    return [r[0] for r in db.fetchall()]


def test_member_declares_through_conflicts_route(new_api, db):
    cyc, uid, m, cand, _ = make_setup(new_api, db)
    r = m.post(f"/api/candidates/{cand}/conflicts",
               json={"user_id": uid + 1000, "reason": "x"})
    assert r.status_code == 403
    r = m.post(f"/api/candidates/{cand}/conflicts",
               json={"reason": "Former supervisor"})
    assert r.status_code == 201, r.text
    assert m.get("/api/me/assignments").json()["assignments"] == []
    assert m.post(f"/api/candidates/{cand}/conflicts",
                  json={"reason": "again"}).status_code == 404


def test_organizer_conflict_is_silent(new_api, db, mailbox):
    cyc, uid, m, cand, _ = make_setup(new_api, db)
    _, org = su.member(new_api, db, role="organizer")
    r = org.post(f"/api/candidates/{cand}/conflicts", json={"reason": "x"})
    assert r.status_code == 422
    r = org.post(f"/api/candidates/{cand}/conflicts",
                 json={"user_id": 999999, "reason": "x"})
    assert r.status_code == 422
    assert r.json()["error"]["fields"] == {"user_id": "is not a user"}
    r = org.post(f"/api/candidates/{cand}/conflicts",
                 json={"user_id": uid, "reason": "Same lab"})
    assert r.status_code == 201, r.text
    r = org.post(f"/api/candidates/{cand}/conflicts",
                 json={"user_id": uid, "reason": "Same lab"})
    assert r.status_code == 409
    assert m.get("/api/me/assignments").json()["assignments"] == []
    db.execute("SELECT count(*) FROM outbox")
    assert db.fetchone()[0] == 0


def review_setup(new_api, db, attested=True):
    cyc, uid, m, cand, _ = make_setup(new_api, db)
    if attested:
        db.execute("UPDATE assignments SET attested_at = now()")
    return cyc, uid, m, cand


def test_review_draft_then_final(new_api, db):
    cyc, uid, m, cand = review_setup(new_api, db)
    c1, c2 = cyc["criteria"]
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {str(c1): 4}, "comment": "Good", "final": False})
    assert r.status_code == 200, r.text
    assert r.json()["scores"] == {str(c1): 4}
    assert r.json()["version"] == 1
    body = m.get(f"/api/candidates/{cand}").json()
    assert body["review"]["scores"] == {str(c1): 4}
    assert body["review"]["final"] is False
    assert m.get("/api/me/assignments").json()["assignments"][0][
        "review"] == "draft"
    # Final needs every criterion, within its scale.
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {str(c1): 9}, "comment": "", "final": True,
                    "version": 1})
    assert r.status_code == 422
    assert r.json()["error"]["fields"] == {
        f"scores.{c1}": "must be from 1 to 5", f"scores.{c2}": "is required"}
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {"999999": 3}, "final": False})
    assert r.status_code == 422
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {str(c1): "4"}, "final": False})
    assert r.status_code == 400
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {str(c1): 5, str(c2): 3}, "comment": "Final",
                    "final": True, "version": 1})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    rid = r.json()["id"]
    assert m.get("/api/me/assignments").json()["assignments"][0][
        "review"] == "final"
    # Locked.
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {str(c1): 1}, "final": False, "version": 2})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "review_final"
    assert r.json()["error"]["review"]["version"] == 2
    # Until an organizer reopens it.
    _, org = su.member(new_api, db, role="organizer")
    why = {"reason": "Please look at the second statement again."}
    assert org.post("/api/reviews/999999/reopen", json=why).status_code \
        == 404
    assert org.post(f"/api/reviews/{rid}/reopen", json={}).status_code \
        == 422
    r = org.post(f"/api/reviews/{rid}/reopen", json=why)
    assert r.status_code == 200, r.text
    assert org.post(f"/api/reviews/{rid}/reopen",
                    json=why).status_code == 409
    # The member is told why, on their pages.
    assert m.get(f"/api/candidates/{cand}").json()["review"][
        "reopen_reason"] == why["reason"]
    assert m.get("/api/me/assignments").json()["assignments"][0][
        "reopen_reason"] == why["reason"]
    r = m.put(f"/api/candidates/{cand}/review",
              json={"scores": {str(c1): 2}, "final": False, "version": 2})
    assert r.status_code == 200, r.text
    db.execute("SELECT criterion_id, score FROM review_scores")
    assert db.fetchall() == [(c1, 2)]
    db.execute("SELECT action FROM audit_log WHERE object_type = 'review' "
               "ORDER BY id")
    assert [a for (a,) in db.fetchall()] == [
        "review.save", "review.submit", "review.reopen", "review.save"]


def test_review_refusals(new_api, db):
    cyc, uid, m, cand = review_setup(new_api, db, attested=False)
    c1, c2 = cyc["criteria"]
    body = {"scores": {str(c1): 3, str(c2): 3}, "final": True}
    r = m.put(f"/api/candidates/{cand}/review", json=body)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "not_attested"
    db.execute("UPDATE assignments SET attested_at = now()")
    su.set_phase(db, cyc, "deliberation")
    r = m.put(f"/api/candidates/{cand}/review", json=body)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    su.set_phase(db, cyc, "scoring")
    _, stranger = su.member(new_api, db)
    assert stranger.put(f"/api/candidates/{cand}/review",
                        json=body).status_code == 404
    su.conflict(db, cand, uid)
    assert m.put(f"/api/candidates/{cand}/review",
                 json=body).status_code == 404
    db.execute("SELECT count(*) FROM reviews")
    assert db.fetchone()[0] == 0


def test_reading_reviews(new_api, db):
    cyc, uid, m, cand = review_setup(new_api, db)
    c1, c2 = cyc["criteria"]
    uid2, m2 = su.member(new_api, db, name="Second")
    su.assign(db, cand, uid2, attested=True)
    uid3, m3 = su.member(new_api, db, name="Conflicted")
    su.final_review(db, cand, uid, {c1: 5, c2: 4}, comment="first")
    su.final_review(db, cand, uid2, {c1: 2}, final=False, comment="draft")
    su.final_review(db, cand, uid3, {c1: 1, c2: 1}, comment="SECRET")
    su.conflict(db, cand, uid3)
    _, org = su.member(new_api, db, role="organizer")
    r = org.get(f"/api/candidates/{cand}/reviews")
    assert r.status_code == 200
    assert {x["comment"] for x in r.json()["reviews"]} == {"first", "draft"}
    # Members: deliberation only, final reviews only.
    r = m.get(f"/api/candidates/{cand}/reviews")
    assert r.status_code == 409
    su.set_phase(db, cyc, "deliberation")
    r = m2.get(f"/api/candidates/{cand}/reviews")
    assert r.status_code == 200, r.text
    assert [x["comment"] for x in r.json()["reviews"]] == ["first"]
    assert r.json()["reviews"][0]["scores"] == {str(c1): 5, str(c2): 4}
    assert "SECRET" not in r.text
    assert m3.get(f"/api/candidates/{cand}/reviews").status_code == 404


def remind(stack):
    return subprocess.run([stack.binary, "remind"], env=stack.process_env(),
                          capture_output=True, text=True, timeout=30)


def test_remind_once_a_day(new_api, db, stack, mailbox):
    cyc, uid, m, cand = review_setup(new_api, db)
    c1, c2 = cyc["criteria"]
    other, _ = su.candidate(db, cyc, cyc["categories"][1], name="Bo")
    su.assign(db, other, uid, attested=True)
    done, _ = su.candidate(db, cyc, cyc["categories"][1], name="Cy")
    su.assign(db, done, uid, attested=True)
    su.final_review(db, done, uid, {c1: 3, c2: 3})
    uid2, _ = su.member(new_api, db)
    su.assign(db, done, uid2)
    su.final_review(db, done, uid2, {c1: 3, c2: 3})
    # A conflicted pair is no work left (member_candidates leaves it out).
    conflicted, _ = su.candidate(db, cyc, cyc["categories"][0], name="Di")
    su.assign(db, conflicted, uid, attested=True)
    su.conflict(db, conflicted, uid)
    for _ in range(2):
        r = remind(stack)
        assert r.returncode == 0, r.stderr
    db.execute("SELECT to_address, body FROM outbox WHERE event = "
               "'reminder'")
    rows = db.fetchall()
    assert len(rows) == 1
    db.execute("SELECT email FROM users WHERE id = %s", (uid,))
    assert rows[0][0] == db.fetchone()[0]
    mail = mailbox.wait(count=1)[0]
    text = mail.get_body(("plain",)).get_content()
    assert "still have to score in the Awards 2027: 2." in text
    assert "UTC" in text
    assert mail["Subject"] == "Awards 2027: your scoring, 2 to go"


def test_organizer_never_reads_a_pending_nomination(new_api, db):
    """Issue 20, item 13: a pending nomination is seen by nobody but its
    nominator; organizers see only that unconfirmed ones exist, and how
    many, in the candidate read, the screening list and the export."""
    cyc, uid, m, cand, nominators = make_setup(new_api, db)
    _, org = su.member(new_api, db, role="organizer")
    db.execute(
        "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, nominator_name, nominator_email, "
        "statement, status) SELECT cycle_id, category_id, candidate_id, "
        "'Renamed By Stranger', nominee_email, 'Unconfirmed Person', "
        "'unconfirmed@secret.example', statement, 'pending' "
        "FROM nominations WHERE candidate_id = %s LIMIT 1", (cand,))
    only, _ = su.candidate(db, cyc, cyc["categories"][1], name="Only Pend",
                           status="pending")
    r = org.get(f"/api/candidates/{cand}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert {n["nominator"]["email"] for n in body["nominations"]} == \
        {e for _, e in nominators}
    assert body["unconfirmed"] == 1
    assert "secret.example" not in r.text and "Stranger" not in r.text
    # A candidate of unconfirmed nominations only is nobody's business.
    assert org.get(f"/api/candidates/{only}").status_code == 404
    listed = org.get(f"/api/cycles/{cyc['id']}/candidates")
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json()["candidates"]] == [cand]
    assert listed.json()["unconfirmed"] == 2
    assert "secret.example" not in listed.text
    for export in ("export.csv", "nominations.csv"):
        r = org.get(f"/api/cycles/{cyc['id']}/{export}")
        assert r.status_code == 200
        assert "secret.example" not in r.text
        assert "Only Pend" not in r.text
