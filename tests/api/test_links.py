"""Fresh links for a nominator who lost theirs: POST /api/nominations/links
(issue 14).  202 whatever the address; one mail with a link per live
nomination; no text the sender typed for an unconfirmed one; capped.  The
request only records itself, the same way whatever the address; the
mailer looks the nominations up (issue 20)."""

import secrets
import time

from harness import settle, wait_until
from security_util import purge_expired
from test_nominations import nomination
from test_security import statements_of


def ask(api, email):
    r = api.post("/api/nominations/links", json={"email": email})
    assert r.status_code == 202, r.text
    return r


def test_fresh_links_confirm_then_manage(api, db, mailbox, open_cycle):
    r = api.post("/api/nominations", json=nomination(open_cycle))
    assert r.status_code == 202
    mailbox.wait(to="charles@example.org")
    # Found whatever the case; mailed to the address as asked.
    ask(api, "Charles@Example.org")
    mail = mailbox.wait(to="Charles@Example.org")[0]
    text = mail.get_body(("plain",)).get_content()
    # Unconfirmed: only the category, nothing the sender typed.
    assert "Ada" not in text and "Charles" not in text
    assert "Students" in text
    token = mailbox.link_token("Charles@Example.org", "confirm")
    assert api.post("/api/nominations/confirm",
                    json={"token": token}).status_code == 200

    ask(api, "charles@example.org")
    msgs = mailbox.wait(count=3, to="charles@example.org")
    mail = [m for m in msgs if "nomination links" in m["Subject"]][-1]
    text = mail.get_body(("plain",)).get_content()
    assert "Ada Lovelace" in text
    manage = mailbox.link_token("charles@example.org", "manage", count=2)
    assert manage in text
    r = api.post("/api/nominations/manage", json={"token": manage})
    assert r.status_code == 200
    assert r.json()["status"] == "submitted"


def answered(db):
    """Waits until the mailer has taken every request for links."""
    wait_until(lambda: sql_count(db, "SELECT count(*) FROM "
                                 "nomination_link_requests WHERE done_at "
                                 "IS NULL") == 0, "requests answered")


def sql_count(db, query, *args):
    db.execute(query, args)
    return db.fetchone()[0]


def test_unknown_address_same_answer_no_mail(api, db, mailbox, open_cycle):
    known = ask(api, "nobody@example.org")
    answered(db)
    settle(db, mailbox)
    assert mailbox.messages == []
    db.execute("SELECT count(*) FROM outbox WHERE event = "
               "'nomination_links'")
    assert db.fetchone()[0] == 0
    assert known.json() == {"status": "accepted"}


def test_capped_at_three_mails_in_15_minutes(api, db, mailbox, open_cycle):
    api.post("/api/nominations", json=nomination(open_cycle))
    for _ in range(5):
        ask(api, "charles@example.org")
    answered(db)
    mailbox.wait(count=4, to="charles@example.org")
    settle(db, mailbox)
    db.execute("SELECT count(*) FROM outbox WHERE event = "
               "'nomination_links'")
    assert db.fetchone()[0] == 3


def test_bad_input(api, db):
    for body, status in (({}, 422), ({"email": "not an address"}, 422),
                         ({"email": 3}, 400), ({"email": "a@b.org",
                                                "x": 1}, 400)):
        r = api.post("/api/nominations/links", json=body)
        assert r.status_code == status, (body, r.text)


def table_rows(db):
    """How many rows each table the request might write holds."""
    return {t: sql_count(db, f"SELECT count(*) FROM {t}")
            for t in ("nominations", "tokens", "outbox",
                      "nomination_link_requests")}


def test_request_same_work_whatever_the_address(api, db, stack, mailbox,
                                                 open_cycle):
    """SPEC §7 (issue 20 item 4): the request runs the same statements,
    from PostgreSQL's statement log, and writes the same rows (one
    request, nothing else) for an address with a nomination and one
    without, so its timing cannot tell them apart; the mailer, not the
    request, looks the nominations up and mails the links, or nothing."""
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    mailbox.wait(to="charles@example.org")
    stack.stop("mailer")
    runs, written = {}, {}
    try:
        db.execute("ALTER SYSTEM SET log_statement = 'all'")
        db.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)
        for who in ("charles@example.org", "nobody@example.org"):
            before = table_rows(db)
            marker = f"marker-{secrets.token_hex(8)}"
            db.execute(f"SELECT '{marker}'")
            assert ask(api, who).json() == {"status": "accepted"}
            time.sleep(0.3)
            runs[who] = statements_of(stack, marker)
            after = table_rows(db)
            written[who] = {t: after[t] - before[t] for t in after}
    finally:
        db.execute("ALTER SYSTEM RESET log_statement")
        db.execute("SELECT pg_reload_conf()")
        stack.start_mailer()
    assert runs["charles@example.org"], runs
    assert runs["charles@example.org"] == runs["nobody@example.org"], runs
    assert written["charles@example.org"] == written["nobody@example.org"]
    assert written["nobody@example.org"] == {
        "nominations": 0, "tokens": 0, "outbox": 0,
        "nomination_link_requests": 1}
    # The mailer answers: the known address gets a working link ...
    token = mailbox.link_token("charles@example.org", "confirm", count=2)
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    # ... the other nothing.
    answered(db)
    settle(db, mailbox)
    assert not [m for m in mailbox.messages if "nobody@" in m["to"]]
    assert sql_count(db, "SELECT count(*) FROM outbox WHERE to_address = "
                     "'nobody@example.org'") == 0


def test_expiry_erases_the_links_mails(api, db, stack, mailbox,
                                       open_cycle):
    """SPEC §3, §5 (issue 20 item 5): an unconfirmed nomination that
    expires takes with it every row naming its nominator, the mails of
    fresh links and the requests for them included, unless another
    nomination of the address still needs them."""
    body = nomination(open_cycle)
    body["nominator"]["email"] = "gone@example.org"
    assert api.post("/api/nominations", json=body).status_code == 202
    kept = nomination(open_cycle, open_cycle["categories"][1])
    kept["nominator"]["email"] = "kept@example.org"
    assert api.post("/api/nominations", json=kept).status_code == 202
    # Whatever the case of the address asked for.
    ask(api, "Gone@example.org")
    mailbox.wait(to="Gone@example.org")
    ask(api, "kept@example.org")
    mailbox.wait(count=2, to="kept@example.org")
    # A request for links not answered yet goes too.
    stack.stop("mailer")
    try:
        ask(api, "gone@example.org")
        assert sql_count(db, "SELECT count(*) FROM outbox WHERE "
                         "lower(to_address) = 'gone@example.org'") >= 2
        # Both expire; kept@ made a second nomination, still live.
        db.execute("UPDATE nominations SET created_at = now() - "
                   "interval '73 hours'")
        db.execute("UPDATE tokens SET expires_at = now() - "
                   "interval '1 hour'")
        second = nomination(open_cycle)
        second["nominator"]["email"] = "kept@example.org"
        second["nominee"] = dict(second["nominee"],
                                 email="grace@example.org")
        assert api.post("/api/nominations",
                        json=second).status_code == 202
        purge_expired(stack)
        assert sql_count(db, "SELECT count(*) FROM outbox WHERE "
                         "lower(to_address) = 'gone@example.org'") == 0
        assert sql_count(db, "SELECT count(*) FROM nomination_link_requests"
                         " WHERE lower(email) = 'gone@example.org'") == 0
        # kept@ keeps the mails its live nomination may need.
        assert sql_count(db, "SELECT count(*) FROM outbox WHERE "
                         "to_address = 'kept@example.org' AND event = "
                         "'nomination_links'") == 1
    finally:
        stack.start_mailer()
