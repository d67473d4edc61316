"""A signed-in user for the tests: a live session row of a user the test
inserted, as POST /api/session would leave it.  The API tests' clients
(scoring_util.session_for) and the page tests' browsers (cookie_for) both
sign in this way."""

import secrets


def new_session(db, uid):
    """A new 12-hour session of user uid; returns (cookie, csrf token)."""
    cookie, csrf = secrets.token_hex(32), secrets.token_urlsafe(32)
    db.execute("INSERT INTO sessions (hash, user_id, csrf_token, "
               "expires_at) VALUES (sha256(%s::bytea), %s, %s, "
               "now() + interval '12 hours')", (cookie.encode(), uid, csrf))
    return cookie, csrf


def cookie_for(db, uid):
    """The cookie value of a new session of user uid (a page reads its
    CSRF token from GET /api/session)."""
    return new_session(db, uid)[0]
