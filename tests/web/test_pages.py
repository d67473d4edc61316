"""Every signed-in organizer and committee page, in every phase of one
cycle driven from draft to announced (pages.mjs): axe-core finds no
violation of any impact at 1280 px or at 360 px, and at 360 px no element
reaches past the viewport and no box scrolls sideways (a table's wrapper
included)."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
import scoring_util as su  # noqa: E402
from accounts_util import add_user  # noqa: E402
from sessions_util import cookie_for  # noqa: E402

PHASES = ("draft", "nominations_open", "nominations_closed", "scoring",
          "deliberation", "decided", "announced")


def test_every_page_in_every_phase(browser, db, tmp_path):
    org = add_user(db, "olga@example.org", name="Olga Organizer",
                   role="organizer", password=None)
    members = [add_user(db, f"m{i}@example.org", name=f"Member {i}")
               for i in range(3)]
    cyc = su.cycle(db, phase="draft")
    students, staff = cyc["categories"]
    cands = []
    for name, cat in (("Ada Lovelace", students),
                      ("Grace Hopper Who Has A Very Long Name Indeed "
                       "Without Spaces-Between-Its-Many-Parts", students),
                      ("Alan Turing", staff)):
        cand, _ = su.candidate(db, cyc, cat, name=name, nominators=2)
        cands.append(cand)
    for cand in cands:
        for uid in members:
            su.assign(db, cand, uid, attested=True)
    org_cookie = cookie_for(db, org)
    member_cookie = cookie_for(db, members[0])
    c, first = cyc["id"], cands[0]
    organizer_pages = ["/organizer", f"/cycle?id={c}", "/outbox",
                       f"/templates?cycle={c}", f"/rankings?cycle={c}",
                       f"/overview?cycle={c}",
                       f"/decide?cycle={c}", f"/meeting?cycle={c}",
                       f"/candidate?id={first}"]
    committee_pages = ["/committee", f"/score?candidate={first}",
                       f"/candidate?id={first}", f"/meeting?cycle={c}",
                       f"/rankings?cycle={c}"]
    for phase in PHASES:
        su.set_phase(db, cyc, phase)
        if phase == "scoring":
            for i, cand in enumerate(cands):
                for j, uid in enumerate(members):
                    su.final_review(db, cand, uid, {
                        k: 1 + (i + j) % 4 for k in cyc["criteria"]},
                        comment="Clear, careful work.")
        if phase == "decided":
            db.execute("INSERT INTO decisions (candidate_id, decision) "
                       "VALUES (%s, 'awardee'), (%s, 'honorable_mention'),"
                       " (%s, 'awardee')", tuple(cands))
        if phase == "announced":
            db.execute("UPDATE cycles SET announced_at = now() "
                       "WHERE id = %s", (c,))
        spec = tmp_path / f"{phase}.json"
        spec.write_text(json.dumps({"label": phase, "visits": [
            {"cookie": org_cookie, "who": "organizer",
             "paths": organizer_pages},
            {"cookie": member_cookie, "who": "committee",
             "paths": committee_pages}]}))
        out = browser("pages.mjs", str(spec), timeout=600)
        assert out.count("checked ") == len(organizer_pages) + \
            len(committee_pages), out
