"""A signed-in browser for the page tests: a live session of a user the
test inserted, as POST /api/session would leave it."""

import secrets


def cookie_for(db, uid):
    """A new 12-hour session of user uid; returns its cookie value."""
    cookie = secrets.token_hex(32)
    db.execute("INSERT INTO sessions (hash, user_id, csrf_token, "
               "expires_at) VALUES (sha256(%s::bytea), %s, %s, "
               "now() + interval '12 hours')",
               (cookie.encode(), uid, secrets.token_urlsafe(32)))
    return cookie
