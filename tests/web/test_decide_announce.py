"""Deciding and announcing in Chromium (issue 11): an organizer decides,
announces with the mails held, reads a held mail in the outbox and
releases it; an anonymous visitor then finds the awardees page."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from announce_util import (add_candidate, add_nomination,  # noqa: E402
                           make_cycle, set_phase)
from sessions_util import cookie_for  # noqa: E402


def test_decide_announce_release_and_see_awardees(browser, stack, mailbox,
                                                  db):
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('org@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    org = db.fetchone()[0]
    cookie = cookie_for(db, org)
    cy = make_cycle(db, categories=(("Students", 1), ("Staff", 1)),
                    name="Change-Maker Awards 2027")
    s, st = cy["categories"]
    for cat, name, aff, nominator, email in (
            (s, "Ada Lovelace", "Analytical Society", "Charles Babbage",
             "charles@example.org"),
            (s, "Grace Hopper", "Navy", "Mary Somerville",
             "mary@example.org"),
            (st, "Alan Turing", "Bletchley", "Joan Clarke",
             "joan@example.org")):
        cand = add_candidate(db, cy["id"], cat, name, affiliation=aff)
        add_nomination(db, cand, nominator, email)

    browser("announce.mjs", "decide", cookie, str(cy["id"]))
    db.execute("SELECT n.nominee_name, d.decision FROM decisions d JOIN "
               "candidates n ON n.id = d.candidate_id ORDER BY 1")
    assert db.fetchall() == [("Ada Lovelace", "awardee"),
                             ("Alan Turing", "not_selected"),
                             ("Grace Hopper", "honorable_mention")]
    set_phase(db, cy["id"], "decided")

    browser("announce.mjs", "announce", cookie, str(cy["id"]))
    # Released in the outbox screen: every mail arrives.
    mails = mailbox.wait(count=5)
    assert len(mails) == 5
    db.execute("SELECT count(*) FROM outbox WHERE status = 'held'")
    assert db.fetchone()[0] == 0


def test_decide_beside_the_evidence(browser, stack, db):
    """/decide in rank order with score, raw, spread and disputed beside
    each choice, at 1280 and 360 px (cards), nothing wider than the
    viewport, and the awardee count in view after a save."""
    import scoring_util as su
    cyc = su.cycle(db, phase="scoring", categories=("Students",))
    c1, c2 = cyc["criteria"]
    cat = cyc["categories"][0]
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('org@example.org', 'Olga Organizer', 'organizer'), "
               "('a@example.org', 'Ann', 'committee'), "
               "('b@example.org', 'Ben', 'committee') RETURNING id")
    org, a, b = [r[0] for r in db.fetchall()]
    low, _ = su.candidate(db, cyc, cat, name="Lo Agreed")
    none, _ = su.candidate(db, cyc, cat,
                           name="Nadia Without-Any-Review Longname")
    high, _ = su.candidate(db, cyc, cat, name="Hi Disputed")
    for cand, scores in ((low, ({c1: 2, c2: 2}, {c1: 2, c2: 1})),
                         (high, ({c1: 5, c2: 5}, {c1: 2, c2: 2}))):
        for uid, sc in zip((a, b), scores):
            su.assign(db, cand, uid, attested=True)
            su.final_review(db, cand, uid, sc)
    su.set_phase(db, cyc, "deliberation")
    browser("decide.mjs", cookie_for(db, org), str(cyc["id"]),
            f"{high},{low},{none}")
    db.execute("SELECT decision FROM decisions WHERE candidate_id = %s",
               (none,))
    assert db.fetchone() == ("awardee",)
