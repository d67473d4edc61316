"""Deliberation (issue 22): the discussion thread of a candidate, review
versions (the stale save), the reason a review was reopened, and the
meeting with its cheap follow request (ETag, 304)."""

import scoring_util as su


def thread_setup(new_api, db, phase="scoring"):
    """A cycle in phase with one candidate; an organizer; a member who
    has attested and will finish their review (mine), a second reviewer
    with a final review, a member of another candidate, a conflicted
    member.  Returns a dict of them."""
    cyc = su.cycle(db, phase=phase)
    c1, c2 = cyc["criteria"]
    cand, _ = su.candidate(db, cyc, cyc["categories"][0])
    other, _ = su.candidate(db, cyc, cyc["categories"][0], name="Bo Other")
    w = {"cyc": cyc, "cand": cand, "other": other, "c1": c1, "c2": c2}
    w["org_id"], w["org"] = su.member(new_api, db, name="Olga Organizer",
                                      role="organizer")
    w["me_id"], w["me"] = su.member(new_api, db, name="Mia Member")
    su.assign(db, cand, w["me_id"], attested=True)
    w["rev_id"], w["rev"] = su.member(new_api, db, name="Rex Reviewer")
    su.assign(db, cand, w["rev_id"], attested=True)
    su.final_review(db, cand, w["rev_id"], {c1: 5, c2: 5})
    w["far_id"], w["far"] = su.member(new_api, db, name="Fay Faraway")
    su.assign(db, other, w["far_id"], attested=True)
    su.final_review(db, other, w["far_id"], {c1: 3, c2: 3})
    w["con_id"], w["con"] = su.member(new_api, db, name="Cy Conflicted")
    su.assign(db, cand, w["con_id"], attested=True)
    su.final_review(db, cand, w["con_id"], {c1: 1, c2: 1})
    w["anon"] = new_api()
    return w


def test_comment_visibility_for_every_caller(new_api, db):
    w = thread_setup(new_api, db)
    path = f"/api/candidates/{w['cand']}/comments"
    # The conflicted member wrote before the conflict was known: their
    # comment is dropped from what everyone sees, like their review.
    db.execute("INSERT INTO comments (candidate_id, user_id, body) VALUES "
               "(%s, %s, 'Written before the conflict')",
               (w["cand"], w["con_id"]))
    su.conflict(db, w["cand"], w["con_id"])
    r = w["org"].post(path, json={"body": "Let us discuss Ada."})
    assert r.status_code == 201, r.text
    assert r.json()["author_name"] == "Olga Organizer"
    r = w["rev"].post(path, json={"body": "I scored her highly."})
    assert r.status_code == 201, r.text

    # The organizer reads it all, oldest first.
    r = w["org"].get(path)
    assert r.status_code == 200, r.text
    thread = r.json()["comments"]
    assert [c["body"] for c in thread] == ["Let us discuss Ada.",
                                           "I scored her highly."]
    assert [c["author_name"] for c in thread] == ["Olga Organizer",
                                                  "Rex Reviewer"]
    assert set(thread[0]) == {"id", "user_id", "author_name", "body",
                              "created_at", "updated_at", "edited",
                              "editable_until", "editable"}
    assert thread[0]["editable"] is True and thread[1]["editable"] is False

    # An assigned member before their review is final: not yet.
    r = w["me"].get(path)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "review_not_final"
    r = w["me"].post(path, json={"body": "Too early"})
    assert r.status_code == 409
    r = w["me"].put(f"/api/candidates/{w['cand']}/review", json={
        "scores": {str(w["c1"]): 2, str(w["c2"]): 2}, "final": True})
    assert r.status_code == 200, r.text
    r = w["me"].get(path)
    assert r.status_code == 200, r.text
    assert len(r.json()["comments"]) == 2
    assert w["me"].post(path, json={"body": "Now I see."}).status_code == 201

    # A member of another candidate, the conflicted member: nothing.
    for api in (w["far"], w["con"]):
        assert api.get(path).status_code == 404
        assert api.post(path, json={"body": "Hello"}).status_code == 404
    # Anonymous: sign in first.
    assert w["anon"].get(path).status_code == 401
    assert w["anon"].post(path, json={"body": "x"}).status_code in (401,
                                                                    403)
    # Bodies: 1 to 5,000 characters.
    assert w["org"].post(path, json={"body": ""}).status_code == 422
    assert w["org"].post(path, json={"body": "x" * 5001}).status_code == 422
    assert w["org"].post(path, json={"body": "x" * 5000}).status_code == 201
    # Every write audited, without its text.
    db.execute("SELECT action, detail::text FROM audit_log "
               "WHERE object_type = 'comment' ORDER BY id")
    rows = db.fetchall()
    assert [a for a, _ in rows] == ["comment.create"] * 4
    assert all("discuss" not in d for _, d in rows)


def test_comments_only_in_their_phases(new_api, db):
    w = thread_setup(new_api, db)
    path = f"/api/candidates/{w['cand']}/comments"
    for phase, ok in (("nominations_closed", False), ("scoring", True),
                      ("deliberation", True), ("decided", True),
                      ("announced", False)):
        su.set_phase(db, w["cyc"], phase)
        r = w["org"].post(path, json={"body": f"In {phase}"})
        assert (r.status_code == 201) == ok, (phase, r.text)
        if not ok:
            assert r.json()["error"]["code"] == "wrong_phase"
            assert r.json()["error"]["allowed"] == ["scoring",
                                                    "deliberation",
                                                    "decided"]


def test_the_fifteen_minute_window(new_api, db):
    w = thread_setup(new_api, db)
    path = f"/api/candidates/{w['cand']}/comments"
    r = w["rev"].post(path, json={"body": "First take"})
    cid = r.json()["id"]
    # Someone else's comment: never.
    for api in (w["org"], w["me"]):
        assert api.patch(f"/api/comments/{cid}",
                         json={"body": "Mine now"}).status_code == 403
        assert api.delete(f"/api/comments/{cid}").status_code == 403
    assert w["rev"].patch("/api/comments/999999",
                          json={"body": "x"}).status_code == 404
    r = w["rev"].patch(f"/api/comments/{cid}", json={"body": "Second take"})
    assert r.status_code == 200, r.text
    assert r.json()["body"] == "Second take"
    thread = w["org"].get(path).json()["comments"]
    assert thread[0]["body"] == "Second take" and thread[0]["edited"]
    # Sixteen minutes later: the window has closed.
    db.execute("UPDATE comments SET created_at = now() - interval "
               "'16 minutes' WHERE id = %s", (cid,))
    r = w["rev"].patch(f"/api/comments/{cid}", json={"body": "Third take"})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "edit_window_closed"
    assert w["rev"].delete(f"/api/comments/{cid}").status_code == 409
    assert w["org"].get(path).json()["comments"][0]["editable"] is False
    # Fourteen minutes: still open, and a delete goes through.
    db.execute("UPDATE comments SET created_at = now() - interval "
               "'14 minutes' WHERE id = %s", (cid,))
    assert w["rev"].delete(f"/api/comments/{cid}").status_code == 204
    assert w["org"].get(path).json()["comments"] == []
    db.execute("SELECT action FROM audit_log WHERE object_type = 'comment' "
               "ORDER BY id")
    assert [a for (a,) in db.fetchall()] == [
        "comment.create", "comment.edit", "comment.delete"]


def test_stale_save(new_api, db):
    """Two tabs of one member: the second save of version 1 finds
    version 2 and gets it back instead of overwriting it."""
    w = thread_setup(new_api, db)
    path = f"/api/candidates/{w['cand']}/review"
    c1, c2 = str(w["c1"]), str(w["c2"])
    r = w["me"].put(path, json={"scores": {c1: 2}, "comment": "Tab A",
                                "final": False})
    assert r.status_code == 200 and r.json()["version"] == 1
    # Without a version, a later save is stale.
    r = w["me"].put(path, json={"scores": {c1: 5}, "final": False})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "stale"
    assert r.json()["error"]["review"]["version"] == 1
    # Tab A saves version 1 -> 2; tab B, still on version 1, is stale.
    r = w["me"].put(path, json={"scores": {c1: 3}, "comment": "Tab A again",
                                "final": False, "version": 1})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = w["me"].put(path, json={"scores": {c1: 4}, "comment": "Tab B",
                                "final": False, "version": 1})
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["code"] == "stale"
    assert err["review"]["comment"] == "Tab A again"
    assert err["review"]["scores"] == {c1: 3}
    assert err["review"]["version"] == 2 and err["review"]["final"] is False
    # Nothing of tab B was written; tab B chooses and saves on version 2.
    db.execute("SELECT comment, version FROM reviews WHERE user_id = %s",
               (w["me_id"],))
    assert db.fetchone() == ("Tab A again", 2)
    r = w["me"].put(path, json={"scores": {c1: 4, c2: 4}, "comment": "Tab B",
                                "final": True, "version": 2})
    assert r.status_code == 200 and r.json()["version"] == 3
    body = w["me"].get(f"/api/candidates/{w['cand']}").json()
    assert body["review"]["version"] == 3


def test_reopen_tells_the_member_why(new_api, db, mailbox):
    w = thread_setup(new_api, db)
    path = f"/api/candidates/{w['cand']}/review"
    c1, c2 = str(w["c1"]), str(w["c2"])
    r = w["me"].put(path, json={"scores": {c1: 1, c2: 1}, "final": True})
    rid, version = r.json()["id"], r.json()["version"]
    r = w["org"].post(f"/api/reviews/{rid}/reopen",
                      json={"reason": "Did you mean 1 for impact?"})
    assert r.status_code == 200, r.text
    me = w["me"].get(f"/api/candidates/{w['cand']}").json()["review"]
    assert me["final"] is False
    assert me["reopen_reason"] == "Did you mean 1 for impact?"
    assert me["reopened_at"].endswith("Z")
    r = w["me"].put(path, json={"scores": {c1: 4, c2: 1}, "final": True,
                                "version": version})
    assert r.status_code == 200, r.text
    me = w["me"].get(f"/api/candidates/{w['cand']}").json()["review"]
    assert me["reopen_reason"] is None
    # The member is mailed the reason and the way back to the review, in
    # their account's language; each reopen mails again.
    db.execute("SELECT email FROM users WHERE id = %s", (w["me_id"],))
    mail, = mailbox.wait(to=db.fetchone()[0])
    assert mail["Subject"] == \
        "Awards 2027: your review of Ada Nominee was reopened"
    body = mail.get_body(("plain",)).get_content()
    assert "Did you mean 1 for impact?" in body
    assert f"/score?candidate={w['cand']}\r\n" in body
    db.execute("UPDATE users SET lang = 'es' WHERE id = %s", (w["me_id"],))
    assert w["org"].post(f"/api/reviews/{rid}/reopen",
                         json={"reason": "Otra vez"}).status_code == 200
    db.execute("SELECT lang, subject FROM outbox WHERE event = "
               "'review_reopened' ORDER BY id")
    assert [r[0] for r in db.fetchall()] == ["en", "es"]


def test_meeting_follow(new_api, db):
    w = thread_setup(new_api, db, phase="deliberation")
    su.conflict(db, w["cand"], w["con_id"])
    path = f"/api/cycles/{w['cyc']['id']}/meeting"
    # Before the first pick.
    r = w["me"].get(path)
    assert r.status_code == 200, r.text
    assert r.json()["candidate_id"] is None
    first = r.headers["ETag"]
    r = w["me"].get(path, headers={"If-None-Match": first})
    assert r.status_code == 304 and r.headers["ETag"] == first
    # Only organizers pick, and only an eligible candidate of the cycle.
    assert w["me"].put(path, json={"candidate_id": w["cand"]}).status_code \
        == 403
    assert w["org"].put(path, json={"candidate_id": 999999}).status_code \
        == 422
    ineligible, _ = su.candidate(db, w["cyc"], w["cyc"]["categories"][0],
                                 name="Not Eligible", status="submitted")
    assert w["org"].put(path, json={"candidate_id": ineligible}
                        ).status_code == 422
    r = w["org"].put(path, json={"candidate_id": w["cand"]})
    assert r.status_code == 200, r.text
    assert r.json()["candidate_id"] == w["cand"]
    # The old ETag no longer holds: the member gets the candidate.
    r = w["me"].get(path, headers={"If-None-Match": first})
    assert r.status_code == 200
    assert r.json()["candidate_id"] == w["cand"]
    assert r.json()["set_at"].endswith("Z")
    tag = r.headers["ETag"]
    assert tag != first
    for header in (tag, "W/" + tag, f'"x", {tag}'):
        r = w["me"].get(path, headers={"If-None-Match": header})
        assert r.status_code == 304, header
        assert r.content == b""
    # The conflicted member: the conflict, and nothing else.
    r = w["con"].get(path)
    assert r.status_code == 200
    assert r.json() == {"cycle_id": w["cyc"]["id"], "phase": "deliberation",
                        "candidate_id": None, "conflicted": True}
    con_tag = r.headers["ETag"]
    assert con_tag != tag
    # A member's ETag does not pass for the conflicted member.
    assert w["con"].get(path, headers={"If-None-Match": tag}
                        ).status_code == 200
    assert w["con"].get(path, headers={"If-None-Match": con_tag}
                        ).status_code == 304
    # The next candidate: the conflicted member sees it again.
    assert w["org"].put(path, json={"candidate_id": w["other"]}
                        ).status_code == 200
    r = w["con"].get(path, headers={"If-None-Match": con_tag})
    assert r.status_code == 200
    assert r.json()["candidate_id"] == w["other"]
    # Without a session, no 304 however good the ETag.
    r = w["anon"].get(path, headers={"If-None-Match": tag})
    assert r.status_code == 401
    w["anon"].http.cookies.set("awards_session", "0" * 64)
    assert w["anon"].get(path, headers={"If-None-Match": tag}
                         ).status_code == 401
    # A revoked session neither.
    db.execute("UPDATE sessions SET revoked_at = now() WHERE user_id = %s",
               (w["me_id"],))
    r = w["me"].get(path)
    assert r.status_code == 401
    assert w["me"].get("/api/cycles/999999/meeting").status_code == 401
    assert w["org"].get("/api/cycles/999999/meeting").status_code == 404
    # Outside deliberation and decided: wrong phase, also for a 304.
    r = w["org"].get(path)
    org_tag = r.headers["ETag"]
    su.set_phase(db, w["cyc"], "announced")
    r = w["org"].get(path, headers={"If-None-Match": org_tag})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    assert w["org"].put(path, json={"candidate_id": w["cand"]}
                        ).status_code == 409
    db.execute("SELECT count(*) FROM audit_log WHERE action = 'meeting.set'")
    assert db.fetchone()[0] == 2


def test_meeting_follow_cache_sees_changes_within_2_s(new_api, db):
    """serve keeps the follow request's ETag per (session, cycle) for a
    moment: a follower polling faster than the page still sees a move of
    the meeting made behind serve's back (in SQL, as another process
    would) within 2 s, and a session ended in SQL gets its 401 as soon."""
    import time
    w = thread_setup(new_api, db, phase="deliberation")
    path = f"/api/cycles/{w['cyc']['id']}/meeting"
    assert w["org"].put(path, json={"candidate_id": w["cand"]}
                        ).status_code == 200
    r = w["me"].get(path)
    tag = r.headers["ETag"]

    def poll_until(status, headers):
        """Polls every 50 ms (30 times the page's pace); returns the
        seconds until the answer has status."""
        begun = time.monotonic()
        while time.monotonic() - begun < 5:
            if w["me"].get(path, headers=headers).status_code == status:
                return time.monotonic() - begun
            time.sleep(0.05)
        raise AssertionError(f"no {status} within 5 s")

    # The cache is warm: answers are 304.
    for _ in range(5):
        assert w["me"].get(path, headers={"If-None-Match": tag}
                           ).status_code == 304
    db.execute("UPDATE meetings SET candidate_id = %s, set_at = "
               "clock_timestamp() WHERE cycle_id = %s",
               (w["other"], w["cyc"]["id"]))
    assert poll_until(200, {"If-None-Match": tag}) <= 2
    r = w["me"].get(path)
    assert r.json()["candidate_id"] == w["other"]
    tag = r.headers["ETag"]
    # A conflict set behind serve's back: the notice within 2 s.
    for _ in range(5):
        w["me"].get(path, headers={"If-None-Match": tag})
    su.conflict(db, w["other"], w["me_id"])
    assert poll_until(200, {"If-None-Match": tag}) <= 2
    assert w["me"].get(path).json()["conflicted"] is True
    tag = w["me"].get(path).headers["ETag"]
    # A pick through serve empties the cache at once.
    for _ in range(5):
        w["me"].get(path, headers={"If-None-Match": tag})
    assert w["org"].put(path, json={"candidate_id": w["cand"]}
                        ).status_code == 200
    r = w["me"].get(path, headers={"If-None-Match": tag})
    assert r.status_code == 200 and r.json()["candidate_id"] == w["cand"]
    tag = r.headers["ETag"]
    # A session ended in SQL: 401 within 2 s, however good the ETag.
    for _ in range(5):
        w["me"].get(path, headers={"If-None-Match": tag})
    db.execute("DELETE FROM sessions WHERE user_id = %s", (w["me_id"],))
    assert poll_until(401, {"If-None-Match": tag}) <= 2


def test_decisions_in_rank_order_with_the_evidence(new_api, db):
    """The decision screen's list: each category's candidates in the
    order of the rankings, with score, raw, spread and disputed beside
    each; a candidate without a final review comes last, with nulls."""
    cyc = su.cycle(db, phase="scoring", categories=("Students",))
    c1, c2 = cyc["criteria"]
    cat = cyc["categories"][0]
    low, _ = su.candidate(db, cyc, cat, name="Lo First")
    none, _ = su.candidate(db, cyc, cat, name="No Review")
    high, _ = su.candidate(db, cyc, cat, name="Hi Later")
    org_id, org = su.member(new_api, db, role="organizer")
    a_id, _ = su.member(new_api, db)
    b_id, _ = su.member(new_api, db)
    for cand, scores in ((low, ({c1: 1, c2: 2}, {c1: 2, c2: 1})),
                         (high, ({c1: 5, c2: 5}, {c1: 1, c2: 1}))):
        for uid, sc in zip((a_id, b_id), scores):
            su.assign(db, cand, uid, attested=True)
            su.final_review(db, cand, uid, sc)
    su.set_phase(db, cyc, "deliberation")
    r = org.get(f"/api/cycles/{cyc['id']}/decisions")
    assert r.status_code == 200, r.text
    cands = r.json()["categories"][0]["candidates"]
    ranked = org.get(f"/api/cycles/{cyc['id']}/rankings").json()
    assert [c["candidate_id"] for c in cands] == [high, low, none]
    assert [c["rank"] for c in cands] == [1, 2, 3]
    for mine, theirs in zip(cands, ranked["categories"][0]["candidates"]):
        for key in ("candidate_id", "rank", "rank_raw", "score", "raw",
                    "reviews", "spread", "disputed"):
            assert mine[key] == theirs[key], key
    assert cands[0]["disputed"] is True and cands[0]["spread"] > 0.25
    assert cands[2]["score"] is None and cands[2]["reviews"] == 0
