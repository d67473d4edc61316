"""Deliberation in Chromium (issue 22): members finish their reviews
(keyboard only, 360 px) and discuss a disputed candidate in its thread;
the organizer leads the meeting at 1280 px and decides there; a member
following sees the candidate within 2 seconds, a conflicted member only
the conflict notice.  axe clean on the new pages."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
import scoring_util as su  # noqa: E402
from sessions_util import cookie_for  # noqa: E402


def test_deliberate_and_decide(browser, stack, db):
    cyc = su.cycle(db, criteria=((1, 1, 5), (1, 1, 5)),
                   categories=("Students",))
    c1, c2 = cyc["criteria"]
    db.execute("UPDATE criteria SET min_label = 'not yet', max_label = "
               "'exemplary' WHERE cycle_id = %s", (cyc["id"],))
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('mia@example.org', 'Mia Member', 'committee'), "
               "('rex@example.org', 'Rex Reviewer', 'committee'), "
               "('cy@example.org', 'Cy Conflicted', 'committee'), "
               "('olga@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    mia, rex, cy, org = [r[0] for r in db.fetchall()]
    ada, _ = su.candidate(db, cyc, cyc["categories"][0], nominators=2)
    bo, _ = su.candidate(db, cyc, cyc["categories"][0], name="Bo Other")
    su.assign(db, ada, mia, attested=True)
    su.assign(db, ada, rex, attested=True)
    su.final_review(db, ada, rex, {c1: 5, c2: 5}, comment="Outstanding.")
    su.assign(db, bo, cy, attested=True)
    su.final_review(db, bo, cy, {c1: 2, c2: 2})
    su.conflict(db, ada, cy)
    browser("deliberation.mjs", "review", cookie_for(db, mia), str(ada),
            str(c1), str(c2), timeout=120)
    db.execute("SELECT final FROM reviews WHERE user_id = %s", (mia,))
    assert db.fetchone() == (True,)
    db.execute("SELECT body FROM comments WHERE user_id = %s", (mia,))
    assert db.fetchone()[0].endswith("shall we discuss?")
    su.set_phase(db, cyc, "deliberation")
    browser("deliberation.mjs", "meeting", cookie_for(db, org),
            cookie_for(db, mia), cookie_for(db, cy), str(cyc["id"]),
            str(ada), timeout=180)
    db.execute("SELECT decision FROM decisions WHERE candidate_id = %s",
               (ada,))
    assert db.fetchone() == ("awardee",)
