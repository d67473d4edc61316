"""axe-core finds no violation of any impact on the pages of the
nominator, the sign-in and the organizer and committee pages at 360 px,
and none scrolls sideways (issue 14)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from accounts_util import outbox_link, signed_in  # noqa: E402
from test_manage_nominee import managed  # noqa: E402
from test_nominations import nomination  # noqa: E402
from sessions_util import cookie_for  # noqa: E402


def session(db, email, role):
    db.execute("INSERT INTO users (email, name, role) VALUES (%s, %s, %s) "
               "RETURNING id", (email, "The " + role, role))
    return cookie_for(db, db.fetchone()[0])


def test_axe_every_page_at_360(browser, api, new_api, db, mailbox,
                               open_cycle):
    manage = managed(api, mailbox, open_cycle)
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    confirm = mailbox.link_token("charles@example.org", "confirm", count=2)
    org = signed_in(new_api, db, "organizer")
    assert org.post("/api/users", json={
        "email": "jo@example.org", "name": "Jo", "role": "committee"}
    ).status_code == 201
    invite, _ = outbox_link(mailbox, "jo@example.org", "user_invited")
    browser("a11y.mjs", session(db, "org@example.org", "organizer"),
            session(db, "mem@example.org", "committee"), confirm, manage,
            invite, timeout=180)
