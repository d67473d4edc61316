"""Scoring in Chromium (issue 10): a member attests no conflict, scores a
candidate with the keyboard, saves a draft, leaves, comes back, submits
final; the organizer sees it in the rankings.  axe clean, 360 px wide."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
import scoring_util as su  # noqa: E402
from sessions_util import cookie_for  # noqa: E402


def test_score_a_candidate(browser, stack, db):
    cyc = su.cycle(db)
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('mia@example.org', 'Mia Member', 'committee'), "
               "('olga@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    member, org = [r[0] for r in db.fetchall()]
    cand, _ = su.candidate(db, cyc, cyc["categories"][0], nominators=2)
    su.assign(db, cand, member)
    c1, c2 = cyc["criteria"]
    browser("score.mjs", cookie_for(db, member), cookie_for(db, org),
            str(cand), str(cyc["id"]), str(c1), str(c2), timeout=120)
    db.execute("SELECT final, comment FROM reviews WHERE candidate_id = %s",
               (cand,))
    assert db.fetchone() == (True, "Strong, steady work.")
    db.execute("SELECT score FROM review_scores ORDER BY criterion_id")
    assert [r[0] for r in db.fetchall()] == [4, 2]
