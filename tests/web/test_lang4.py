"""The organizers' pages in every language (lang4.mjs): the cycle page
/cycle of a cycle in scoring reads in Spanish with a Spanish browser and
right to left in Arabic, its confirmation dialog too; a refused save of
its settings, an invitation on /organizer and a template on /templates
show the catalogue's Spanish words for the API's field problems, never
the API's English; and axe-core finds nothing on /cycle, /organizer,
/outbox, /templates and /overview in Spanish and Arabic at 360 and 1280
px, none of which scrolls sideways at 360 px."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
import scoring_util as su  # noqa: E402
from test_console_walk import scenario  # noqa: E402


def test_console_pages_in_three_languages(browser, db):
    # The console walk's cycle, with a nomination still to screen and an
    # organizer's conflict to list.
    cyc, cookie, ids = scenario(db)
    su.candidate(db, cyc, cyc["categories"][0], name="Grace Hopper",
                 status="submitted")
    db.execute("INSERT INTO conflicts (candidate_id, user_id, source, "
               "reason) VALUES (%s, %s, 'organizer', 'Works in her lab')",
               (ids["Ada Lovelace"], ids["cora"]))
    db.execute("SELECT reviewers_per_candidate FROM cycles WHERE id = %s",
               (cyc["id"],))
    reviewers = db.fetchone()[0]

    out = browser("lang4.mjs", cookie, str(cyc["id"]), timeout=600)
    assert '"ok":true' in out, out
    # The refused saves changed nothing.
    db.execute("SELECT reviewers_per_candidate FROM cycles WHERE id = %s",
               (cyc["id"],))
    assert db.fetchone()[0] == reviewers
    db.execute("SELECT count(*) FROM users WHERE name LIKE 'Mia%%'")
    assert db.fetchone()[0] == 0
