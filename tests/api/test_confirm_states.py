"""The confirmation link tells its holder where they stand (issue 14,
items 1 and 5): a preview that spends nothing and names the nominee and
the category; "already confirmed" as a calm 200; 410 for a link that was
valid once and expired; 404 for anything else; and whether this address
already nominated the same person in the same category."""

from test_nominations import STATEMENT, nomination


def preview(api, token):
    return api.post("/api/nominations/confirm",
                    json={"token": token, "preview": True})


def test_preview_spends_nothing_then_already(api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    token = mailbox.link_token("charles@example.org", "confirm")
    for _ in range(2):
        r = preview(api, token)
        assert r.status_code == 200, r.text
        got = r.json()
        assert got["status"] == "pending" and got["already"] is False
        assert got["nominee_name"] == "Ada Lovelace"
        assert got["category_name"] == "Students"
        assert got["nominator_email"] == "charles@example.org"
        assert got["duplicate_at"] is None
    db.execute("SELECT status FROM nominations")
    assert db.fetchone()[0] == "pending"
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200 and r.json()["already"] is False
    for ask in (preview, lambda a, t: a.post("/api/nominations/confirm",
                                             json={"token": t})):
        r = ask(api, token)
        assert r.status_code == 200, r.text
        assert r.json()["already"] is True
        assert r.json()["status"] == "submitted"
    # One receipt, not two.
    db.execute("SELECT count(*) FROM outbox "
               "WHERE event = 'nomination_confirmed'")
    assert db.fetchone()[0] == 1


def test_confirmed_through_a_fresh_link_then_the_old(api, db, mailbox,
                                                      open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    old = mailbox.link_token("charles@example.org", "confirm")
    assert api.post("/api/nominations/links",
                    json={"email": "charles@example.org"}).status_code == 202
    fresh = mailbox.link_token("charles@example.org", "confirm", count=2)
    assert fresh != old
    assert api.post("/api/nominations/confirm",
                    json={"token": fresh}).status_code == 200
    r = api.post("/api/nominations/confirm", json={"token": old})
    assert r.status_code == 200 and r.json()["already"] is True


def test_expired_and_unknown(api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    token = mailbox.link_token("charles@example.org", "confirm")
    db.execute("UPDATE tokens SET expires_at = now() - interval '1 second'")
    for r in (preview(api, token), api.post("/api/nominations/confirm",
                                            json={"token": token})):
        assert r.status_code == 410, r.text
        assert r.json()["error"]["code"] == "expired"
    for t in ("0" * 64, "nope", token[:-1] + ("x" if token[-1] != "x"
                                               else "y")):
        r = preview(api, t)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "invalid_token"
    # Closed to confirmations once scoring began, preview included.
    db.execute("UPDATE tokens SET expires_at = now() + interval '1 hour'")
    db.execute("UPDATE cycles SET phase = 'scoring'")
    assert preview(api, token).status_code == 409


def test_same_person_twice_is_told(api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    first = mailbox.link_token("charles@example.org", "confirm")
    assert api.post("/api/nominations/confirm",
                    json={"token": first}).status_code == 200
    # The same nominee (address in other case), the same category.
    again = nomination(open_cycle, statement=STATEMENT + " Again.")
    again["nominee"]["email"] = "ADA@example.org"
    assert api.post("/api/nominations", json=again).status_code == 202
    second = mailbox.link_token("charles@example.org", "confirm", count=2)
    r = preview(api, second)
    assert r.status_code == 200
    assert r.json()["duplicate_at"] is not None
    # Another category is another nomination.
    other = nomination(open_cycle, category=open_cycle["categories"][1])
    other["nominator"]["email"] = "charles+2@example.org"
    assert api.post("/api/nominations", json=other).status_code == 202
    third = mailbox.link_token("charles+2@example.org", "confirm")
    assert preview(api, third).json()["duplicate_at"] is None
