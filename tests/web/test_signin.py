"""/login#token= of issue 14 (item 6) at phone and desktop width: an
invitation and a sign-in link read differently, errors are tied to their
fields and take the focus, and a used link leaves no dead form but offers
a new link."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from accounts_util import add_user, outbox_link, signed_in  # noqa: E402

WIDTHS = (360, 1280)


@pytest.mark.parametrize("width", WIDTHS)
def test_invitation_reads_as_one(browser, new_api, db, mailbox, width):
    org = signed_in(new_api, db, "organizer")
    assert org.post("/api/users", json={
        "email": "jo@example.org", "name": "Jo", "role": "organizer"}
    ).status_code == 201
    link, _ = outbox_link(mailbox, "jo@example.org", "user_invited")
    browser("signin.mjs", "invite", str(width), link)


@pytest.mark.parametrize("width", WIDTHS)
def test_login_link_then_used(browser, new_api, db, mailbox, width):
    add_user(db, "kim@example.org")
    a = new_api()
    assert a.post("/api/session/link",
                  json={"email": "kim@example.org"}).status_code == 202
    link, token = outbox_link(mailbox, "kim@example.org", "login_link")
    browser("signin.mjs", "login", str(width), link)
    assert a.post("/api/session/token",
                  json={"token": token}).status_code == 200
    browser("signin.mjs", "dead", str(width), link, "kim@example.org")
    outbox_link(mailbox, "kim@example.org", "login_link", count=2)
