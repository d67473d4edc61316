"""The manage page of issue 14 (item 8), at phone and desktop width: the
nominee's name, role and affiliation are corrected until screening."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from test_manage_nominee import managed  # noqa: E402

WIDTHS = (360, 1280)


@pytest.mark.parametrize("width", WIDTHS)
def test_correct_the_nominee(browser, api, db, mailbox, open_cycle, width):
    token = managed(api, mailbox, open_cycle)
    browser("manage.mjs", "fix", str(width), token)
    db.execute("SELECT nominee_name, nominee_role FROM nominations")
    assert db.fetchone() == ("Ada King", "Mathematician")
    db.execute("UPDATE nominations SET status = 'eligible'")
    browser("manage.mjs", "screened", str(width), token)
