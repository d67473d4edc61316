"""Fresh links for a nominator who lost theirs: POST /api/nominations/links
(issue 14).  202 whatever the address; one mail with a link per live
nomination; no text the sender typed for an unconfirmed one; capped."""

from harness import settle
from test_nominations import nomination


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


def test_unknown_address_same_answer_no_mail(api, db, mailbox, open_cycle):
    known = ask(api, "nobody@example.org")
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
    db.execute("SELECT count(*) FROM outbox WHERE event = "
               "'nomination_links'")
    assert db.fetchone()[0] == 3


def test_bad_input(api, db):
    for body, status in (({}, 422), ({"email": "not an address"}, 422),
                         ({"email": 3}, 400), ({"email": "a@b.org",
                                                "x": 1}, 400)):
        r = api.post("/api/nominations/links", json=body)
        assert r.status_code == status, (body, r.text)
