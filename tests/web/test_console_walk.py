"""The organizer's console jobs walked in Chromium (console_walk.mjs):
merging a suggested look-alike, setting and removing a conflict,
reminding with the mail previewed, resending an invitation, and the purge
with its typed confirmation; each first cancelled, which changes nothing
and gives the focus back, then done, with the focus on its result.  At
1280 px with the mouse, and at 360 px by keyboard alone."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
import scoring_util as su  # noqa: E402
from accounts_util import add_user  # noqa: E402
from sessions_util import cookie_for  # noqa: E402


def scenario(db):
    """A cycle in scoring: two look-alike candidates and Ada, a member
    late with her review, an invited member who never signed in, a
    member to conflict; returns (cycle, organizer's cookie, ids)."""
    org = add_user(db, "olga@example.org", name="Olga Organizer",
                   role="organizer", password=None)
    cyc = su.cycle(db, phase="scoring")
    students = cyc["categories"][0]
    ids = {}
    for name in ("Hugo Martin", "Hugo Martins", "Ada Lovelace"):
        ids[name], _ = su.candidate(db, cyc, students, name=name)
    ids["lee"] = add_user(db, "lee@example.org", name="Lee Late")
    ids["ivy"] = add_user(db, "ivy@example.org", name="Ivy Invited",
                          password=None)
    ids["cora"] = add_user(db, "cora@example.org", name="Cora Conflict")
    su.assign(db, ids["Ada Lovelace"], ids["lee"], attested=True)
    su.assign(db, ids["Hugo Martin"], ids["ivy"])
    return cyc, cookie_for(db, org), ids


def count(db, sql, *args):
    db.execute(sql, args)
    return db.fetchone()[0]


@pytest.mark.parametrize("width,mode", [(1280, "mouse"), (360, "keyboard")])
def test_console_jobs(browser, db, width, mode):
    cyc, cookie, ids = scenario(db)
    out = browser("console_walk.mjs", cookie, str(cyc["id"]), str(width),
                  mode, "jobs", timeout=180)
    assert "merge:" in out and "resend:" in out, out
    # Each job happened once: the cancels changed nothing.
    assert count(db, "SELECT status FROM candidates WHERE id = %s",
                 ids["Hugo Martins"]) == "merged"
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = "
                 "'candidate.merge'") == 1
    assert count(db, "SELECT count(*) FROM conflicts WHERE user_id = %s",
                 ids["cora"]) == 0
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = "
                 "'conflict.delete'") == 1
    assert count(db, "SELECT count(*) FROM outbox WHERE event = "
                 "'reminder' AND cycle_id = %s", cyc["id"]) == 2
    assert count(db, "SELECT count(*) FROM outbox WHERE event = "
                 "'user_invited' AND to_address = 'ivy@example.org'") == 1

    su.set_phase(db, cyc, "announced")
    db.execute("UPDATE cycles SET announced_at = now() WHERE id = %s",
               (cyc["id"],))
    db.execute("INSERT INTO decisions (candidate_id, decision) VALUES "
               "(%s, 'awardee'), (%s, 'not_selected')",
               (ids["Ada Lovelace"], ids["Hugo Martin"]))
    browser("console_walk.mjs", cookie, str(cyc["id"]), str(width), mode,
            "purge", timeout=120)
    assert count(db, "SELECT count(*) FROM nominations WHERE "
                 "candidate_id = %s AND erased_at IS NULL",
                 ids["Hugo Martin"]) == 0
    assert count(db, "SELECT count(*) FROM nominations WHERE "
                 "candidate_id = %s AND erased_at IS NULL",
                 ids["Ada Lovelace"]) == 1
    assert count(db, "SELECT count(*) FROM audit_log WHERE action = "
                 "'cycle.purge'") == 1
