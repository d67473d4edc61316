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
from accounts_util import add_user  # noqa: E402
from sessions_util import cookie_for  # noqa: E402


def test_console_pages_in_three_languages(browser, db):
    org = add_user(db, "olga@example.org", name="Olga Organizer",
                   role="organizer", password=None)
    cyc = su.cycle(db, phase="scoring")
    students = cyc["categories"][0]
    ids = {}
    for name in ("Hugo Martin", "Hugo Martins", "Ada Lovelace"):
        ids[name], _ = su.candidate(db, cyc, students, name=name)
    ids["Grace Hopper"], _ = su.candidate(db, cyc, students,
                                          name="Grace Hopper",
                                          status="submitted")
    lee = add_user(db, "lee@example.org", name="Lee Late")
    ivy = add_user(db, "ivy@example.org", name="Ivy Invited",
                   password=None)
    cora = add_user(db, "cora@example.org", name="Cora Conflict")
    su.assign(db, ids["Ada Lovelace"], lee, attested=True)
    su.assign(db, ids["Hugo Martin"], ivy)
    db.execute("INSERT INTO conflicts (candidate_id, user_id, source, "
               "reason) VALUES (%s, %s, 'organizer', 'Works in her lab')",
               (ids["Ada Lovelace"], cora))
    db.execute("SELECT reviewers_per_candidate FROM cycles WHERE id = %s",
               (cyc["id"],))
    reviewers = db.fetchone()[0]

    out = browser("lang4.mjs", cookie_for(db, org), str(cyc["id"]),
                  timeout=600)
    assert '"ok":true' in out, out
    # The refused saves changed nothing.
    db.execute("SELECT reviewers_per_candidate FROM cycles WHERE id = %s",
               (cyc["id"],))
    assert db.fetchone()[0] == reviewers
    db.execute("SELECT count(*) FROM users WHERE name LIKE 'Mia%%'")
    assert db.fetchone()[0] == 0
