"""The cycle overview, GET /api/cycles/{id}/overview: the numbers of each
picture for a small cycle made in SQL, 404 for no such cycle, 403 for a
committee member."""

import scoring_util as su


def small_cycle(db, new_api):
    cyc = su.cycle(db, phase="scoring")
    students, staff = cyc["categories"]
    k1, k2 = cyc["criteria"]
    c1 = su.candidate(db, cyc, students, name="Ada")[0]
    c2 = su.candidate(db, cyc, students, name="Bea")[0]
    c3 = su.candidate(db, cyc, staff, name="Cy", status="ineligible")[0]
    c4 = su.candidate(db, cyc, staff, name="Di", status="submitted")[0]
    c5 = su.candidate(db, cyc, staff, name="Ed", status="pending")[0]
    db.execute("UPDATE nominations SET confirmed_at = CASE candidate_id "
               "WHEN %s THEN '2027-01-02 23:30Z'::timestamptz "
               "WHEN %s THEN NULL ELSE '2027-01-03 00:30Z' END "
               "WHERE cycle_id = %s", (c1, c5, cyc["id"]))
    a, _ = su.member(new_api, db, name="Anna")
    b, _ = su.member(new_api, db, name="Ben")
    for uid in (a, b):
        su.assign(db, c1, uid, attested=True)
        su.assign(db, c2, uid, attested=True)
    su.final_review(db, c1, a, {k1: 5, k2: 5})
    su.final_review(db, c2, a, {k1: 1, k2: 1})
    su.final_review(db, c1, b, {k1: 3, k2: 3}, final=False)
    return cyc, (c1, c2, c3, c4), (a, b)


def test_overview_numbers(db, new_api):
    cyc, (c1, c2, _, _), (a, b) = small_cycle(db, new_api)
    students, staff = cyc["categories"]
    _, org = su.member(new_api, db, role="organizer")
    r = org.get(f"/api/cycles/{cyc['id']}/overview")
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["cycle_id"] == cyc["id"]
    assert got["phase"] == "scoring"
    assert got["per_day"] == [{"day": "2027-01-02", "count": 1},
                              {"day": "2027-01-03", "count": 3}]
    assert got["per_category"] == [
        {"category_id": students, "name": "Students", "count": 2},
        {"category_id": staff, "name": "Staff", "count": 2}]
    assert got["screening"] == {"submitted": 1, "eligible": 2,
                                "ineligible": 1}
    assert got["members"] == [
        {"user_id": a, "name": "Anna", "done": 2, "draft": 0,
         "not_started": 0},
        {"user_id": b, "name": "Ben", "done": 0, "draft": 1,
         "not_started": 1}]
    assert got["rankings"] == [
        {"category_id": students, "name": "Students", "candidates": [
            {"candidate_id": c1, "nominee_name": "Ada", "rank": 1,
             "rank_raw": 1},
            {"candidate_id": c2, "nominee_name": "Bea", "rank": 2,
             "rank_raw": 2}]},
        {"category_id": staff, "name": "Staff", "candidates": []}]
    # Only final reviews count: Ben's draft is not a score.
    assert got["reviewers"] == [
        {"user_id": a, "name": "Anna", "scores": [0.0, 100.0]}]


def test_overview_empty_cycle(db, new_api):
    cyc = su.cycle(db, phase="draft", categories=())
    _, org = su.member(new_api, db, role="organizer")
    got = org.get(f"/api/cycles/{cyc['id']}/overview").json()
    assert got["per_day"] == [] and got["per_category"] == []
    assert got["screening"] == {"submitted": 0, "eligible": 0,
                                "ineligible": 0}
    assert got["members"] == [] and got["rankings"] == []
    assert got["reviewers"] == []


def test_overview_unknown_cycle_and_member(db, new_api):
    cyc = su.cycle(db)
    _, org = su.member(new_api, db, role="organizer")
    r = org.get("/api/cycles/999999/overview")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    _, mem = su.member(new_api, db)
    assert mem.get(f"/api/cycles/{cyc['id']}/overview").status_code == 403
