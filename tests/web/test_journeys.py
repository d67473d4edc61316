"""Journeys of issue 14 on the nomination form, at phone and desktop
width: a press of Send right after typing a short statement lands (mouse
and touch), two tabs send two nominations, not one, and a signed-in member
finds their page from / and is told when signed out."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from accounts_util import PASSWORD, add_user  # noqa: E402

WIDTHS = (360, 1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("how", ("mouse", "touch"))
def test_send_right_after_a_short_statement(browser, open_cycle, how, width):
    browser("journeys.mjs", f"shortsend-{how}", str(width))


@pytest.mark.parametrize("width", WIDTHS)
def test_two_tabs_two_nominations(browser, db, mailbox, open_cycle, width):
    browser("journeys.mjs", "twotabs", str(width))
    db.execute("SELECT nominee_email FROM nominations ORDER BY id")
    assert sorted(r[0] for r in db.fetchall()) == [
        "ada@example.org", "grace@example.org"]
    mails = mailbox.wait(count=2, to="rosa@example.org")
    assert len(mails) == 2


@pytest.mark.parametrize("width", WIDTHS)
def test_way_back_home_and_signed_out(browser, db, width):
    add_user(db, "mae@example.org", name="Mae Jemison")
    browser("journeys.mjs", "home", str(width), "mae@example.org", PASSWORD)
