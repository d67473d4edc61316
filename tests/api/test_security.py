"""Issue 12, confidentiality and abuse: each test here failed before the
fix of the defect it names."""

import threading

from accounts_util import signed_in
from security_util import nomination, submit, confirmed


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
