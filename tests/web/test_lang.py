"""Languages in the browser (issue 24): the browser's language first,
lang and dir on <html>, the switch kept across pages, and axe-core on
every public page in English, Spanish and Arabic at 360 and 1280 px
(/manage, /letter and /nominee both with a link and without)."""

import hashlib
import os
import secrets
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from announce_util import (add_candidate, add_nomination,  # noqa: E402
                           make_cycle)
from test_manage_nominee import managed  # noqa: E402


def test_languages_in_the_browser(browser, api, db, mailbox, open_cycle):
    db.execute("UPDATE cycles SET letters_max = 2")
    manage = managed(api, mailbox, open_cycle)
    letter, nominee = secrets.token_hex(32), secrets.token_hex(32)

    def h(t):
        return "\\x" + hashlib.sha256(t.encode()).hexdigest()
    db.execute("INSERT INTO referees (nomination_id, name, email, "
               "relationship, token_hash, token_expires_at, asked_at) "
               "SELECT id, 'Rita', 'rita@example.org', 'Colleague', "
               "%s::bytea, now() + interval '1 day', now() "
               "FROM nominations", (h(letter),))
    db.execute("UPDATE candidates SET nominee_token_hash = %s::bytea",
               (h(nominee),))
    cy = make_cycle(db, phase="announced")
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, cand, "Charles Babbage", "charles@example.org")
    db.execute("INSERT INTO decisions (candidate_id, decision) VALUES "
               "(%s, 'awardee')", (cand,))
    browser("lang.mjs", "/awardees/%d" % cy["id"], manage, letter, nominee,
            timeout=900)
