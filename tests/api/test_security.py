"""Issue 12, confidentiality and abuse: each test here failed before the
fix of the defect it names."""

import threading

from accounts_util import signed_in
from security_util import (nomination, submit, confirmed, make_token,
                           make_candidate, at_once)


# -- 1: public routes never read the session ---------------------------

def test_signed_in_member_nominates_confirms_and_manages(
        new_api, db, mailbox, open_cycle):
    """A browser signed in as a member uses the public form and the mailed
    links like anyone: no CSRF header asked, none sent."""
    member = signed_in(new_api, db, "committee")
    member.csrf = None          # the public pages never send the header
    r = member.post("/api/nominations", json=nomination(open_cycle))
    assert r.status_code == 202, r.text
    token = mailbox.link_token("charles@example.org", "confirm")
    r = member.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    manage = mailbox.link_token("charles@example.org", "manage")
    r = member.post("/api/nominations/manage", json={"token": manage})
    assert r.status_code == 200, r.text
    r = member.post("/api/nominations/manage",
                    json={"token": manage, "withdraw": True})
    assert r.status_code == 200, r.text
    # The session still works where one is needed, CSRF included.
    assert member.get("/api/session").status_code == 200
    assert member.delete("/api/session").status_code == 403


# -- 12: withdraw and confirm race each other --------------------------

def candidate_state(db, cand):
    db.execute("SELECT c.status, array_agg(n.status ORDER BY n.id) FROM "
               "candidates c JOIN nominations n ON n.candidate_id = c.id "
               "WHERE c.id = %s GROUP BY c.status", (cand,))
    return db.fetchone()


def test_withdraw_races_confirm(new_api, db, open_cycle):
    """One nominator withdraws the last live nomination while another
    confirms theirs: the candidate stays active with a submitted one."""
    a, b = new_api(), new_api()
    for i in range(100):
        cand, (live, pending) = make_candidate(
            db, open_cycle, f"race{i}@example.org", ["submitted", "pending"])
        manage = make_token(db, "manage", live)
        confirm = make_token(db, "confirm", pending)
        r1, r2 = at_once(
            lambda: a.post("/api/nominations/manage",
                           json={"token": manage, "withdraw": True}),
            lambda: b.post("/api/nominations/confirm",
                           json={"token": confirm}))
        assert r1.status_code == 200 and r2.status_code == 200, \
            (r1.text, r2.text)
        assert candidate_state(db, cand) == \
            ("active", ["withdrawn", "submitted"]), f"try {i}"


def test_withdraw_races_withdraw(new_api, db, open_cycle):
    """Two nominators withdraw the last two live nominations at once: the
    candidate ends withdrawn."""
    a, b = new_api(), new_api()
    for i in range(100):
        cand, (n1, n2) = make_candidate(
            db, open_cycle, f"both{i}@example.org",
            ["submitted", "submitted"])
        t1, t2 = make_token(db, "manage", n1), make_token(db, "manage", n2)
        r1, r2 = at_once(
            lambda: a.post("/api/nominations/manage",
                           json={"token": t1, "withdraw": True}),
            lambda: b.post("/api/nominations/manage",
                           json={"token": t2, "withdraw": True}))
        assert r1.status_code == 200 and r2.status_code == 200, \
            (r1.text, r2.text)
        assert candidate_state(db, cand) == \
            ("withdrawn", ["withdrawn", "withdrawn"]), f"try {i}"
