"""Link tokens leave the address bar before any request (issue 12,
defect 4): confirm, manage and login pages in Chromium."""

import hashlib
import secrets

STATEMENT = ("She set up a peer-support line for survivors on campus and "
             "trained forty volunteers to answer it with care.")


def token(db, purpose, nomination_id=None, user_id=None):
    t = secrets.token_hex(32)
    db.execute("INSERT INTO tokens (hash, purpose, nomination_id, user_id, "
               "expires_at) VALUES (%s, %s, %s, %s, now() + "
               "interval '1 day')", (hashlib.sha256(t.encode()).digest(),
                                     purpose, nomination_id, user_id))
    return t


def test_tokens_leave_the_address_at_once(browser, db, open_cycle):
    cat = open_cycle["categories"][0]
    db.execute("INSERT INTO candidates (cycle_id, category_id, email_key, "
               "nominee_name) VALUES (%s, %s, 'ada@example.org', 'Ada') "
               "RETURNING id", (open_cycle["id"], cat))
    cand = db.fetchone()[0]
    ids = []
    for status in ("submitted", "pending"):
        db.execute("INSERT INTO nominations (cycle_id, category_id, "
                   "candidate_id, nominee_name, nominee_email, "
                   "nominator_name, nominator_email, statement, status) "
                   "VALUES (%s, %s, %s, 'Ada', 'ada@example.org', 'N', "
                   "'n@example.org', %s, %s) RETURNING id",
                   (open_cycle["id"], cat, cand, STATEMENT, status))
        ids.append(db.fetchone()[0])
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('new@example.org', 'New Member', 'committee') RETURNING id")
    user = db.fetchone()[0]
    browser("tokens.mjs", token(db, "confirm", ids[1]),
            token(db, "manage", ids[0]), token(db, "invite", user_id=user))
