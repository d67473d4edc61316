"""Issue 23: the /letter and /nominee pages in Chromium (letters.mjs):
axe-core at 360 and 1280 px, the referee's draft, the letter accepted,
"Exit this page", the nominee's decline with its confirmation step."""

import hashlib
import os
import secrets
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
from test_manage_nominee import managed  # noqa: E402


def test_letter_and_nominee_pages(browser, api, db, mailbox, open_cycle):
    managed(api, mailbox, open_cycle)
    letter, nominee = secrets.token_hex(32), secrets.token_hex(32)

    def h(t):
        return "\\x" + hashlib.sha256(t.encode()).hexdigest()
    db.execute("INSERT INTO referees (nomination_id, name, email, "
               "token_hash, token_expires_at, asked_at) SELECT id, 'Rita', "
               "'rita@example.org', %s::bytea, now() + interval '1 day', "
               "now() FROM nominations", (h(letter),))
    db.execute("UPDATE candidates SET nominee_token_hash = %s::bytea",
               (h(nominee),))
    browser("letters.mjs", letter, nominee, timeout=180)
    db.execute("SELECT letter IS NOT NULL FROM referees")
    assert db.fetchone()[0] is True
    db.execute("SELECT status FROM candidates")
    assert db.fetchone()[0] == "declined"
