"""Rankings (SPEC §3, issue 10) against an independent computation in
Python of the same data: a reviewer with fewer than 3 final reviews, one
with σ = 0, conflicted and draft reviews left out, ties resolved by the
stated order (score, raw, reviews, candidate id)."""

import itertools
import random
import statistics

import scoring_util as su

CRITERIA = ((2, 1, 5), (1, 0, 10), (0.5, 1, 3))
# Names the answer's JSON must carry intact (ranking.c writes it as text).
NAMES = {0: 'Zoë "Z" O\'Brien \\ 👩‍🔬', 1: "Tab\there </script>"}


def spec_rankings(criteria, candidates, reviews):
    """SPEC §3 computed from scratch.  criteria: {id: (w, lo, hi)};
    candidates: [(id, category)]; reviews: [(user, candidate, {crit: n})]
    of final, unconflicted reviews.  Returns {category: [rows]} ordered.
    Orders compare values rounded to 12 decimals, σ below 1e-12 is 0
    (docs/workflow.md: float noise)."""
    total = sum(w for w, _, _ in criteria.values())

    def s_of(scores):
        return sum(criteria[c][0] * (x - criteria[c][1]) /
                   (criteria[c][2] - criteria[c][1])
                   for c, x in scores.items()) / total

    s = [(u, c, s_of(sc)) for u, c, sc in reviews]
    all_s = [v for _, _, v in s]
    mu_c, sd_c = statistics.fmean(all_s), statistics.pstdev(all_s)
    by_user = {}
    for u, _, v in s:
        by_user.setdefault(u, []).append(v)

    def z(u, v):
        mine = by_user[u]
        sd = statistics.pstdev(mine)
        if len(mine) >= 3 and sd > 1e-12:
            return (v - statistics.fmean(mine)) / sd
        if sd_c > 1e-12:
            return (v - mu_c) / sd_c
        return 0.0

    out = {}
    for cid, cat in candidates:
        vals = [(v, z(u, v)) for u, c, v in s if c == cid]
        if vals:
            ss = [v for v, _ in vals]
            row = {"candidate_id": cid,
                   "raw": statistics.fmean(ss),
                   "median": statistics.median(ss),
                   "score": statistics.fmean([zz for _, zz in vals]),
                   "reviews": len(vals),
                   "spread": statistics.pstdev(ss)}
            row["disputed"] = row["spread"] > 0.25
        else:
            row = {"candidate_id": cid, "raw": None, "median": None,
                   "score": None, "reviews": 0, "spread": None,
                   "disputed": False}
        out.setdefault(cat, []).append(row)

    def key(v):
        return (1, 0) if v is None else (0, -round(v, 12))

    for cat, rows in out.items():
        for i, r in enumerate(sorted(rows, key=lambda r: (
                key(r["raw"]), r["candidate_id"]))):
            r["rank_raw"] = i + 1
        rows.sort(key=lambda r: (key(r["score"]), key(r["raw"]),
                                 -r["reviews"], r["candidate_id"]))
        for i, r in enumerate(rows):
            r["rank"] = i + 1
    return out


def close(got, want, unit):
    if want is None:
        return got is None
    return got is not None and abs(got - want) <= unit / 2 + 1e-9


def check(api_cats, expected, only=None):
    for cat in api_cats:
        want = [r for r in expected.get(cat["id"], [])
                if only is None or r["candidate_id"] in only]
        got = cat["candidates"]
        assert [g["candidate_id"] for g in got] == \
            [w["candidate_id"] for w in want], cat["name"]
        for g, w in zip(got, want):
            assert g["reviews"] == w["reviews"], g
            assert g["disputed"] == w["disputed"], g
            assert close(g["score"], w["score"], 1e-4), (g, w)
            assert close(g["raw"], w["raw"] and w["raw"] * 100, 0.1), (g, w)
            assert close(g["median"], w["median"] and w["median"] * 100,
                         0.1), (g, w)
            assert close(g["spread"], w["spread"], 1e-4), (g, w)
            if only is None:
                assert g["rank"] == w["rank"], (g, w)
                assert g["rank_raw"] == w["rank_raw"], (g, w)


def build(new_api, db):
    rnd = random.Random(20270301)
    cyc = su.cycle(db, phase="scoring", criteria=CRITERIA)
    crit = dict(zip(cyc["criteria"], CRITERIA))
    cat_a, cat_b = cyc["categories"]
    cands, reviews = [], []
    users = {}

    def user(name):
        users[name] = su.member(new_api, db, name=name)
        return users[name][0]

    def review(uid, cand, scores, final=True):
        su.final_review(db, cand, uid, scores, final=final)
        su.assign(db, cand, uid, attested=True)
        if final:
            reviews.append((uid, cand, scores))

    def rand_scores():
        return {c: rnd.randint(lo, hi) for c, (_, lo, hi) in crit.items()}

    for i in range(6):
        cands.append((su.candidate(db, cyc, cat_a, name=NAMES.get(
            i, f"A{i}"))[0], cat_a))
    for i in range(3):
        cands.append((su.candidate(db, cyc, cat_b, name=f"B{i}")[0], cat_b))
    a_ids = [c for c, cat in cands if cat == cat_a]
    b_ids = [c for c, cat in cands if cat == cat_b]
    # Three reviewers with many varied reviews: normalised by their own.
    for name in ("Harsh", "Lenient", "Middle"):
        uid = user(name)
        for cand in a_ids + b_ids[:2]:
            sc = rand_scores()
            if name == "Harsh":
                sc = {c: max(lo, v - 2) for (c, v), (_, lo, _) in
                      zip(sc.items(), crit.values())}
            review(uid, cand, sc)
    # sigma = 0: three identical reviews, so the cycle's mu and sigma.
    flat = user("Flat")
    for cand in a_ids[:3]:
        review(flat, cand, {c: lo + 1 for c, (_, lo, _) in crit.items()})
    # Fewer than 3 final reviews, plus a draft that does not count.
    few = user("Few")
    review(few, a_ids[3], rand_scores())
    review(few, b_ids[0], rand_scores())
    review(few, a_ids[4], rand_scores(), final=False)
    # A conflicted member's final reviews count nowhere.
    conf = user("Conflicted")
    for cand in a_ids[:3]:
        su.final_review(db, cand, conf, {c: hi for c, (_, _, hi) in
                                         crit.items()})
        su.conflict(db, cand, conf)
    # Ties.  T1 and T2: same reviews from two reviewers, T2 one more alike
    # (same score and raw, more reviews: T2 first though its id is
    # higher).  T3 and T4: identical in everything: by id.
    t = [su.candidate(db, cyc, cat_b, name=f"T{i}")[0] for i in range(4)]
    cands += [(c, cat_b) for c in t]
    same = {c: lo + 2 for c, (_, lo, _) in crit.items()}
    r1, r2, r3 = user("Tie1"), user("Tie2"), user("Tie3")
    for uid in (r1, r2):
        review(uid, t[0], same)
        review(uid, t[1], same)
    review(r3, t[1], same)
    r4, r5 = user("Tie4"), user("Tie5")
    for uid in (r4, r5):
        review(uid, t[2], {c: hi for c, (_, _, hi) in crit.items()})
        review(uid, t[3], {c: hi for c, (_, _, hi) in crit.items()})
    # No final review at all: ranked last, values null.
    cands.append((su.candidate(db, cyc, cat_b, name="Unscored")[0], cat_b))
    # Not eligible: never ranked.
    su.candidate(db, cyc, cat_b, name="Ineligible", status="submitted")
    return cyc, crit, cands, reviews, users, t


def test_rankings_equal_spec(new_api, db):
    cyc, crit, cands, reviews, users, t = build(new_api, db)
    _, org = su.member(new_api, db, role="organizer")
    r = org.get(f"/api/cycles/{cyc['id']}/rankings")
    assert r.status_code == 200, r.text
    body = r.json()
    assert [c["id"] for c in body["categories"]] == cyc["categories"]
    expected = spec_rankings(crit, cands, reviews)
    check(body["categories"], expected)
    # The ties came out as the stated order says.
    b = [c["candidate_id"] for c in body["categories"][1]["candidates"]]
    assert b.index(t[1]) == b.index(t[0]) - 1
    assert b.index(t[2]) == b.index(t[3]) - 1
    assert b[-1] == cands[-1][0]
    # The normalisation changed the order somewhere (a fairness report
    # worth having), and the fields are shaped as SPEC §4 shows.
    assert any(c["rank"] != c["rank_raw"] for cat in body["categories"]
               for c in cat["candidates"])
    one = body["categories"][0]["candidates"][0]
    assert set(one) == {"candidate_id", "nominee_name", "rank", "rank_raw",
                        "score", "raw", "median", "reviews", "spread",
                        "disputed"}
    assert round(one["raw"], 1) == one["raw"]
    names = {c["candidate_id"]: c["nominee_name"]
             for c in body["categories"][0]["candidates"]}
    for i, name in NAMES.items():
        assert names[cands[i][0]] == name


def tied_candidates(db, cyc, reviewers, same, n=12):
    """n candidates of the cycle's first category, each reviewed finally
    by every reviewer with that reviewer's scores of same: the same
    reviews, each candidate's written in another order of the reviewers,
    and every other one's scores in reverse criteria order.  Returns
    their ids, in id order."""
    crit, cat = cyc["criteria"], cyc["categories"][0]
    tied = [su.candidate(db, cyc, cat, name=f"Tied {i}")[0]
            for i in range(n)]
    orders = itertools.cycle(itertools.permutations(range(len(reviewers))))
    for i, (cand, order) in enumerate(zip(tied, orders)):
        for k in order:
            pairs = list(zip(crit, same[k]))
            su.final_review(db, cand, reviewers[k],
                            dict(pairs[::-1] if i % 2 else pairs))
    return tied


def ranked_tied(org, cyc, tied):
    """The rankings rows of the tied candidates, which must come in id
    order (SPEC §3, step 4)."""
    r = org.get(f"/api/cycles/{cyc['id']}/rankings")
    assert r.status_code == 200, r.text
    ranked = [c for c in r.json()["categories"][0]["candidates"]
              if c["candidate_id"] in tied]
    assert [c["candidate_id"] for c in ranked] == tied
    return ranked


def test_equal_reviews_tie_whatever_their_order(new_api, db):
    """Candidates with the same final reviews by the same members tie, and
    a tie goes by candidate id (SPEC §3, step 4), whatever order their
    reviews and scores were written or read in.  The data were searched
    for: summed in float8 in one order or another, the mean of the tied
    candidates' three z values is 0.41568198508749954 or ...4995, which
    round to 12 decimals (as the order compares them) on either side of
    0.4156819850875: such candidates came out of id order until a
    candidate's mean was summed exactly (migration 0016)."""
    cyc = su.cycle(db, phase="deliberation", criteria=CRITERIA,
                   categories=("One",))
    crit, cat = cyc["criteria"], cyc["categories"][0]
    fillers = (((4, 3, 3), (1, 0, 2), (4, 10, 2)),
               ((4, 10, 2), (1, 2, 1), (1, 4, 2)),
               ((2, 2, 1), (3, 9, 3), (1, 10, 1)))
    same = ((5, 9, 3), (5, 8, 1), (5, 6, 3))
    reviewers = [su.member(new_api, db)[0] for _ in same]
    for uid, theirs in zip(reviewers, fillers):
        for scores in theirs:
            cand = su.candidate(db, cyc, cat, name="Filler")[0]
            su.final_review(db, cand, uid, dict(zip(crit, scores)))
    tied = tied_candidates(db, cyc, reviewers, same)
    _, org = su.member(new_api, db, role="organizer")
    for _ in range(8):
        ranked = ranked_tied(org, cyc, tied)
        ranks = [c["rank"] for c in ranked]
        assert ranks == list(range(ranks[0], ranks[0] + len(tied)))
        assert {c["score"] for c in ranked} == {0.4157}


def test_rankings_members_in_deliberation(new_api, db):
    cyc, crit, cands, reviews, users, t = build(new_api, db)
    uid, m = users["Middle"]
    path = f"/api/cycles/{cyc['id']}/rankings"
    r = m.get(path)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    su.set_phase(db, cyc, "deliberation")
    # Middle is conflicted (silently) with T1: it disappears for them,
    # ranks numbered without it; the values of the rest do not change.
    su.conflict(db, t[0], uid, source="organizer")
    r = m.get(path)
    assert r.status_code == 200, r.text
    ids = [c["candidate_id"] for cat in r.json()["categories"]
           for c in cat["candidates"]]
    assert t[0] not in ids
    expected = spec_rankings(crit, cands, reviews)
    check(r.json()["categories"], expected,
          only={c for c, _ in cands} - {t[0]})
    for cat in r.json()["categories"]:
        assert [c["rank"] for c in cat["candidates"]] == \
            list(range(1, len(cat["candidates"]) + 1))
    assert m.get("/api/cycles/999999/rankings").status_code == 404


def test_rankings_empty_cycle(new_api, db):
    cyc = su.cycle(db)
    _, org = su.member(new_api, db, role="organizer")
    r = org.get(f"/api/cycles/{cyc['id']}/rankings")
    assert r.status_code == 200
    assert [c["candidates"] for c in r.json()["categories"]] == [[], []]


def test_export_carries_the_same_rankings(new_api, db):
    """The export's ranking columns are the rankings endpoint's (one
    computation, candidate_rankings(), read by both)."""
    import csv
    import io
    cyc, crit, cands, reviews, users, t = build(new_api, db)
    _, org = su.member(new_api, db, role="organizer")
    ranked = {c["candidate_id"]: c for cat in org.get(
        f"/api/cycles/{cyc['id']}/rankings").json()["categories"]
        for c in cat["candidates"]}
    r = org.get(f"/api/cycles/{cyc['id']}/export.csv")
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    seen = set()
    for row in rows:
        cid = int(row["Candidate ID"])
        if cid not in ranked:
            assert row["Place"] == ""
            continue
        seen.add(cid)
        want = ranked[cid]
        assert int(row["Place"]) == want["rank"]
        assert int(row["Raw place"]) == want["rank_raw"]
        assert int(row["Reviews"]) == want["reviews"]
        if want["reviews"]:
            assert float(row["Score"]) == want["score"]
            assert float(row["Raw"]) == want["raw"]
            # Each reviewer's raw score has a column; their mean is the
            # candidate's raw score.
            mine = [float(v) for k, v in row.items()
                    if k.startswith("Raw score by ") and v != ""]
            assert len(mine) == want["reviews"]
            assert abs(sum(mine) / len(mine) - want["raw"]) < 0.06
        assert row["Disputed"] == ("Disputed" if want["disputed"]
                                   else "No")
    assert seen == set(ranked)


def test_largest_weights_still_tie(new_api, db):
    """Weights are at most 100 in hundredths (SPEC §3): with the largest
    and the most ragged of them, candidates with the same reviews by the
    same members still tie in id order, whatever order their reviews
    were written in (the sums of migration 0016 stay exact)."""
    cyc = su.cycle(db, phase="deliberation", categories=("One",),
                   criteria=((100, 1, 5), (99.99, 0, 7), (33.33, 1, 10),
                             (0.01, 1, 3)))
    crit, cat = cyc["criteria"], cyc["categories"][0]
    rng = random.Random(20)
    reviewers = [su.member(new_api, db)[0] for _ in range(3)]
    for uid in reviewers:
        for _ in range(3):
            cand = su.candidate(db, cyc, cat, name="Filler")[0]
            su.final_review(db, cand, uid, {c: rng.randint(lo, hi) for c, (
                lo, hi) in zip(crit, ((1, 5), (0, 7), (1, 10), (1, 3)))})
    same = ((5, 6, 7, 2), (3, 7, 9, 1), (4, 1, 10, 3))
    tied = tied_candidates(db, cyc, reviewers, same)
    _, org = su.member(new_api, db, role="organizer")
    for _ in range(4):
        ranked = ranked_tied(org, cyc, tied)
        assert len({(c["score"], c["raw"]) for c in ranked}) == 1
