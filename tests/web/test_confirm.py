"""The /confirm journeys of issue 14, at phone and desktop width: confirm,
reload and open the link again (a calm success each time); an expired
link offers fresh links right there; an address that already nominated
this person in this category is told and offered a link to edit that."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from test_nominations import STATEMENT, nomination  # noqa: E402

WIDTHS = (360, 1280)


def submitted(api, mailbox, cycle, count=1, **over):
    assert api.post("/api/nominations",
                    json=nomination(cycle, **over)).status_code == 202
    return mailbox.link_token("charles@example.org", "confirm", count=count)


@pytest.mark.parametrize("width", WIDTHS)
def test_confirm_twice_and_reload(browser, api, db, mailbox, open_cycle,
                                  width):
    token = submitted(api, mailbox, open_cycle)
    browser("confirm.mjs", "twice", str(width), token)
    db.execute("SELECT status FROM nominations")
    assert db.fetchone()[0] == "submitted"


@pytest.mark.parametrize("width", WIDTHS)
def test_expired_link_asks_for_fresh_links(browser, api, db, mailbox,
                                           open_cycle, width):
    token = submitted(api, mailbox, open_cycle)
    db.execute("UPDATE tokens SET expires_at = now() - interval '1 second'")
    browser("confirm.mjs", "expired", str(width), token,
            "charles@example.org")
    msgs = mailbox.wait(count=2, to="charles@example.org")
    assert any("nomination links" in m["Subject"] for m in msgs)


@pytest.mark.parametrize("width", WIDTHS)
def test_same_person_twice_offers_the_first(browser, api, db, mailbox,
                                            open_cycle, width):
    first = submitted(api, mailbox, open_cycle)
    assert api.post("/api/nominations/confirm",
                    json={"token": first}).status_code == 200
    second = submitted(api, mailbox, open_cycle, count=2,
                       statement=STATEMENT + " Again.")
    browser("confirm.mjs", "duplicate", str(width), second)
    msgs = mailbox.wait(count=4, to="charles@example.org")
    links = [m for m in msgs if "nomination links" in m["Subject"]]
    assert links, [m["Subject"] for m in msgs]
    assert "/manage#token=" in links[0].get_body(("plain",)).get_content()
