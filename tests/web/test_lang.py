"""Languages in the browser (issue 24): the browser's language first,
lang and dir on <html>, the switch kept across pages, and axe-core on
every public page in English, Spanish and Arabic at 360 and 1280 px."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from announce_util import (add_candidate, add_nomination,  # noqa: E402
                           make_cycle)


def test_languages_in_the_browser(browser, db, open_cycle):
    cy = make_cycle(db, phase="announced")
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, cand, "Charles Babbage", "charles@example.org")
    db.execute("INSERT INTO decisions (candidate_id, decision) VALUES "
               "(%s, 'awardee')", (cand,))
    browser("lang.mjs", "/awardees/%d" % cy["id"], timeout=600)
