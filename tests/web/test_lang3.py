"""The committee's pages in every language: /committee and /score read
in Spanish with a Spanish browser and right to left in Arabic, and
axe-core finds nothing on /committee, /score, /candidate, /meeting (the
member following it and the organizer leading it), /rankings, /decide
and the organizer's /cycle in Spanish and Arabic at 360 and 1280 px
(test_lang4.py reads /cycle itself)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
import scoring_util as su  # noqa: E402
from sessions_util import cookie_for  # noqa: E402


def test_committee_pages_in_three_languages(browser, db):
    cyc = su.cycle(db, criteria=((1, 1, 5), (1, 1, 5)),
                   categories=("Students",))
    c1, c2 = cyc["criteria"]
    db.execute("UPDATE criteria SET min_label = 'not yet', max_label = "
               "'exemplary' WHERE cycle_id = %s", (cyc["id"],))
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('mia@example.org', 'Mia Member', 'committee'), "
               "('rex@example.org', 'Rex Reviewer', 'committee'), "
               "('olga@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    mia, rex, org = [r[0] for r in db.fetchall()]
    ada, _ = su.candidate(db, cyc, cyc["categories"][0], nominators=2)
    bo, _ = su.candidate(db, cyc, cyc["categories"][0], name="Bo Other")
    for cand in (ada, bo):
        su.assign(db, cand, mia, attested=True)
        su.assign(db, cand, rex, attested=True)
    su.final_review(db, ada, mia, {c1: 4, c2: 5}, comment="Strong work.")
    su.final_review(db, ada, rex, {c1: 5, c2: 5}, comment="Outstanding.")
    su.final_review(db, bo, mia, {c1: 2, c2: 3})
    su.final_review(db, bo, rex, {c1: 1, c2: 2}, final=False)
    su.set_phase(db, cyc, "deliberation")
    browser("lang3.mjs", cookie_for(db, mia), cookie_for(db, org),
            str(cyc["id"]), str(ada), timeout=600)
