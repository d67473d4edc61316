"""'Wrong address?' (issue 14): POST /api/nominations/correct.  Only the
tab that submitted holds the correction secret; the old link dies, the
old address gets nothing more and keeps nothing here, the corrected one
gets the confirmation, within the cap on unconfirmed nominations."""

from harness import settle
from test_nominations import nomination

WRONG = "charles@exampel.org"
RIGHT = "charles@example.org"


def submit(api, cycle, email=WRONG, **over):
    body = nomination(cycle, **over)
    body["nominator"]["email"] = email
    r = api.post("/api/nominations", json=body)
    assert r.status_code == 202, r.text
    # The body is SPEC §4's; the secret comes in headers.
    assert r.json() == {"id": r.json()["id"], "status": "pending"}
    return dict(r.json(), correction_token=r.headers["Correction-Token"],
                correction_expires_at=r.headers["Correction-Expires"])


def correct(api, token, email=RIGHT):
    return api.post("/api/nominations/correct",
                    json={"token": token, "email": email})


def test_correct_then_confirm(api, db, mailbox, open_cycle):
    sent = submit(api, open_cycle)
    assert len(sent["correction_token"]) == 64
    assert sent["correction_expires_at"].endswith("Z")
    old_link = mailbox.link_token(WRONG, "confirm")

    r = correct(api, sent["correction_token"])
    assert r.status_code == 200, r.text
    fixed = r.json()
    assert fixed["id"] == sent["id"] and fixed["status"] == "pending"
    # A new secret for a second correction, single use.
    assert fixed["correction_token"] not in (None, sent["correction_token"])

    # The old link no longer works, whether previewed or spent.
    for body in ({"token": old_link, "preview": True}, {"token": old_link}):
        r = api.post("/api/nominations/confirm", json=body)
        assert r.status_code == 404, r.text
    # The corrected address gets the confirmation, and it confirms.
    new_link = mailbox.link_token(RIGHT, "confirm")
    r = api.post("/api/nominations/confirm", json={"token": new_link})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "submitted"
    mailbox.wait(count=2, to=RIGHT)  # the receipt
    settle(db, mailbox)
    # The old address got one mail, and nothing of it stays.
    assert len([m for m in mailbox.messages if WRONG in m["to"]]) == 1
    for sql in ("SELECT count(*) FROM nominations WHERE "
                "lower(nominator_email) = %s",
                "SELECT count(*) FROM outbox WHERE lower(to_address) = %s"):
        db.execute(sql, (WRONG,))
        assert db.fetchone()[0] == 0, sql
    # Confirmed: nothing left to correct, and the tab can tell.
    r = correct(api, fixed["correction_token"], "x@example.org")
    assert r.status_code == 409 and r.json()["error"]["code"] == \
        "not_pending"
    r = api.post("/api/nominations/correct",
                 json={"token": fixed["correction_token"], "preview": True})
    assert r.status_code == 200
    assert r.json()["status"] == "submitted"
    assert r.json()["correctable"] is False


def test_used_secret_fails(api, db, mailbox, open_cycle):
    sent = submit(api, open_cycle)
    assert correct(api, sent["correction_token"]).status_code == 200
    r = correct(api, sent["correction_token"], "other@example.org")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "invalid_token"
    db.execute("SELECT nominator_email FROM nominations")
    assert db.fetchone()[0] == RIGHT


def test_expired_secret_fails(api, db, mailbox, open_cycle):
    sent = submit(api, open_cycle)
    db.execute("UPDATE nominations SET correction_expires_at = "
               "now() - interval '1 second'")
    r = correct(api, sent["correction_token"])
    assert r.status_code == 410
    assert r.json()["error"]["code"] == "expired"
    # Past its hour the secret says nothing more, a preview neither
    # (issue 20, item 13): 410 like the correction itself.
    r = api.post("/api/nominations/correct",
                 json={"token": sent["correction_token"], "preview": True})
    assert r.status_code == 410, r.text
    assert r.json()["error"]["code"] == "expired"
    assert "status" not in r.text
    # Nothing changed: the first link still works.
    db.execute("SELECT nominator_email FROM nominations")
    assert db.fetchone()[0] == WRONG
    link = mailbox.link_token(WRONG, "confirm")
    assert api.post("/api/nominations/confirm",
                    json={"token": link}).status_code == 200
    # Confirmed, and past the hour: still 410, whatever became of it.
    r = api.post("/api/nominations/correct",
                 json={"token": sent["correction_token"], "preview": True})
    assert r.status_code == 410 and "submitted" not in r.text


def test_pending_cap_of_the_corrected_address(api, db, mailbox,
                                              open_cycle):
    for i in range(5):
        submit(api, open_cycle, email=RIGHT,
               nominee={"name": f"N{i}", "email": f"n{i}@example.org",
                        "affiliation": "", "role": ""})
    sent = submit(api, open_cycle)
    r = correct(api, sent["correction_token"])
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "too_many_pending"
    assert int(r.headers["Retry-After"]) > 0
    # Refused: nothing changed, the secret still works elsewhere.
    db.execute("SELECT count(*) FROM nominations WHERE nominator_email = %s",
               (WRONG,))
    assert db.fetchone()[0] == 1
    assert correct(api, sent["correction_token"],
                   "third@example.org").status_code == 200


def test_corrections_cannot_beat_the_mail_cap(api, db, mailbox,
                                              open_cycle):
    """SPEC §7 (issue 20 item 6): at most 5 mails asking one address to
    confirm in 72 hours, however the nominations were made or moved.  The
    attack: five unconfirmed for the victim, "Wrong address?" moves one
    away (its mail deleted, the pending count back to 4), submit again;
    the 6th confirmation mail is refused, and the count survives the
    deletion of the outbox rows."""
    sent = []
    for i in range(5):
        sent.append(submit(api, open_cycle, email=RIGHT,
                           nominee={"name": f"N{i}",
                                    "email": f"n{i}@example.org",
                                    "affiliation": "", "role": ""}))
    mailbox.wait(count=5, to=RIGHT)
    r = correct(api, sent[0]["correction_token"], "elsewhere@example.org")
    assert r.status_code == 200, r.text
    body = nomination(open_cycle, nominee={
        "name": "N5", "email": "n5@example.org", "affiliation": "",
        "role": ""})
    body["nominator"]["email"] = RIGHT
    r = api.post("/api/nominations", json=body)
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "too_many_pending"
    # Until the oldest of the five mails is 72 hours old.
    assert 71 * 3600 < int(r.headers["Retry-After"]) <= 72 * 3600
    # A correction towards the address is refused the same way.
    other = submit(api, open_cycle, email="third@example.org")
    r = correct(api, other["correction_token"], RIGHT.upper())
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "too_many_pending"
    assert int(r.headers["Retry-After"]) > 0
    settle(db, mailbox)
    assert len([m for m in mailbox.messages if RIGHT in m["to"]]) == 5
    # Once the first mail is 72 hours old, a 6th may go.
    db.execute("UPDATE confirm_mails SET queued_at = now() - "
               "interval '73 hours' WHERE queued_at = "
               "(SELECT min(queued_at) FROM confirm_mails)")
    assert api.post("/api/nominations", json=body).status_code == 202


def test_three_corrections_at_most(api, db, mailbox, open_cycle):
    token = submit(api, open_cycle)["correction_token"]
    for i in range(3):
        r = correct(api, token, f"try{i}@example.org")
        assert r.status_code == 200, r.text
        assert r.json()["correctable"] is (i < 2)
        token = r.json()["correction_token"]
    mailbox.wait(to="try2@example.org")
    r = correct(api, token, "try3@example.org")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "too_many_corrections"
    # The secret still says where the nomination stands.
    r = api.post("/api/nominations/correct",
                 json={"token": token, "preview": True})
    assert r.status_code == 200
    assert r.json()["status"] == "pending"
    assert r.json()["correctable"] is False


def test_bad_input(api, db, open_cycle):
    token = submit(api, open_cycle)["correction_token"]
    for body, status in (
            ({"token": token}, 422),
            ({"token": token, "email": "not an address"}, 422),
            ({"token": token, "email": 3}, 400),
            ({"token": token, "email": RIGHT, "x": 1}, 400),
            ({"token": "short", "email": RIGHT}, 404),
            ({"token": "0" * 64, "email": RIGHT}, 404)):
        r = api.post("/api/nominations/correct", json=body)
        assert r.status_code == status, (body, r.text)
    db.execute("SELECT nominator_email FROM nominations")
    assert db.fetchone()[0] == WRONG


def test_signed_in_member_is_not_special(new_api, db, open_cycle):
    """A public route: a session changes nothing, no CSRF header needed."""
    from accounts_util import signed_in
    member = signed_in(new_api, db, "committee")
    token = submit(member, open_cycle)["correction_token"]
    member.csrf = None
    r = member.post("/api/nominations/correct",
                    json={"token": token, "email": RIGHT})
    assert r.status_code == 200, r.text
