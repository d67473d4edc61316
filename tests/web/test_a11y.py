"""axe-core finds no violation of any impact on the pages of the
nominator, the sign-in and the organizer and committee pages at 360 px,
and none scrolls sideways (issue 14)."""

import secrets


def session(db, email, role):
    db.execute("INSERT INTO users (email, name, role) VALUES (%s, %s, %s) "
               "RETURNING id", (email, "The " + role, role))
    uid = db.fetchone()[0]
    cookie = secrets.token_hex(32)
    db.execute("INSERT INTO sessions (hash, user_id, csrf_token, "
               "expires_at) VALUES (sha256(%s::bytea), %s, %s, "
               "now() + interval '12 hours')",
               (cookie.encode(), uid, secrets.token_urlsafe(32)))
    return cookie


def test_axe_every_page_at_360(browser, db, open_cycle):
    browser("a11y.mjs", session(db, "org@example.org", "organizer"),
            session(db, "mem@example.org", "committee"), timeout=180)
