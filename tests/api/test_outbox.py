"""The outbox and the templates as organizers see them: the list with
attempts and last errors, bodies only of held mails, retrying a dead mail,
releasing held mails, reading and editing a cycle's templates."""

import re
import time
import uuid

from harness import wait_until

from accounts_util import signed_in
from test_nominations import nomination

ADA = "ada@example.org"


def insert(db, status, to=ADA, subject="Hello", body="Hello there.\n",
           cycle=None, attempts=0, last_error=None):
    """Inserts one outbox row the way outbox_queue() would; returns its
    id.  Wakes the mailers (they ignore held, sent and dead rows)."""
    mid = f"<{uuid.uuid4().hex}@localhost>"
    db.execute(
        "INSERT INTO outbox (event, cycle_id, to_address, to_name, "
        "subject, body, status, attempts, last_error, message_id, "
        "dedupe_key, sent_at) VALUES ('test', %s, %s, 'Ada Lovelace', %s, "
        "%s, %s, %s, %s, %s, %s, CASE WHEN %s = 'sent' THEN now() END) "
        "RETURNING id",
        (cycle, to, subject, body, status, attempts, last_error, mid, mid,
         status))
    row_id = db.fetchone()[0]
    db.execute("SELECT pg_notify('awards_outbox', '')")
    return row_id


def status_of(db, row_id):
    db.execute("SELECT status, attempts FROM outbox WHERE id = %s",
               (row_id,))
    return db.fetchone()


def audit_actions(db):
    db.execute("SELECT action FROM audit_log ORDER BY id")
    return [r[0] for r in db.fetchall()]


def test_list_attempts_errors_filter_and_paging(new_api, db):
    org = signed_in(new_api, db, "organizer")
    sent = insert(db, "sent", body="https://x/login#token=" + "a" * 64)
    dead = insert(db, "dead", attempts=10,
                  last_error="550 no such user here")
    held = insert(db, "held", body="The awardees are announced.\n")

    r = org.get("/api/outbox")
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["total"] == 3 and got["page"] == 1
    assert got["per_page"] == 50
    mails = got["mails"]
    assert [m["id"] for m in mails] == [held, dead, sent], "newest first"
    by_id = {m["id"]: m for m in mails}
    assert by_id[dead]["attempts"] == 10
    assert by_id[dead]["last_error"] == "550 no such user here"
    assert by_id[dead]["status"] == "dead"
    assert by_id[sent]["sent_at"] is not None
    assert by_id[dead]["sent_at"] is None
    assert set(by_id[dead]) == {
        "id", "event", "cycle_id", "to_address", "to_name", "subject",
        "status", "attempts", "next_attempt_at", "last_error",
        "message_id", "created_at", "sent_at"}
    # Only a held mail shows its body: any other may carry a live link.
    assert by_id[held]["body"] == "The awardees are announced.\n"
    assert "body" not in by_id[sent] and "body" not in by_id[dead]
    assert "token" not in r.text

    r = org.get("/api/outbox?status=dead")
    assert r.status_code == 200
    assert [m["id"] for m in r.json()["mails"]] == [dead]
    assert r.json()["total"] == 1

    r = org.get("/api/outbox?per_page=1&page=2")
    assert r.status_code == 200
    assert [m["id"] for m in r.json()["mails"]] == [dead]
    assert r.json()["total"] == 3

    for bad in ("status=bogus", "status=", "status=DEAD"):
        r = org.get("/api/outbox?" + bad)
        assert r.status_code == 422, (bad, r.text)
        assert "status" in r.json()["error"]["fields"]
    r = org.get("/api/outbox?per_page=500")
    assert r.status_code == 422
    assert "per_page" in r.json()["error"]["fields"]


def test_outbox_is_for_organizers_only(new_api, db):
    held = insert(db, "held", body="Secret announcement\n")
    dead = insert(db, "dead")
    member = signed_in(new_api, db, "committee")
    anonymous = new_api()
    for client, status in ((member, 403), (anonymous, 401)):
        r = client.get("/api/outbox")
        assert r.status_code == status, r.text
        assert "Secret" not in r.text
        assert client.post(f"/api/outbox/{dead}/retry",
                           json={}).status_code == status
        assert client.post("/api/outbox/release",
                           json={}).status_code == status
    assert status_of(db, held)[0] == "held"
    assert status_of(db, dead)[0] == "dead"


def test_retry_dead_mail_is_sent(new_api, db, mailbox):
    org = signed_in(new_api, db, "organizer")
    dead = insert(db, "dead", subject="Back from the dead", attempts=10,
                  last_error="550 no such user here")
    r = org.post(f"/api/outbox/{dead}/retry", json={})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": dead, "status": "queued"}
    msg = mailbox.wait(to=ADA)[0]
    assert msg["Subject"] == "Back from the dead"
    # Attempts were reset to 0 by the retry, then 1 for the sending
    # (marked just after the server took the mail).
    wait_until(lambda: status_of(db, dead) == ("sent", 1), "sent, 1")
    assert "outbox.retry" in audit_actions(db)

    # Sent now, so not retried again.
    r = org.post(f"/api/outbox/{dead}/retry", json={})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["code"] == "not_dead"


def test_retry_refuses_rows_not_dead(new_api, db, mailbox):
    org = signed_in(new_api, db, "organizer")
    sent = insert(db, "sent")
    held = insert(db, "held")
    for row_id in (sent, held):
        r = org.post(f"/api/outbox/{row_id}/retry", json={})
        assert r.status_code == 409, r.text
    assert status_of(db, sent)[0] == "sent"
    assert status_of(db, held)[0] == "held"
    r = org.post("/api/outbox/999999/retry", json={})
    assert r.status_code == 404, r.text
    assert "outbox.retry" not in audit_actions(db)
    assert mailbox.messages == []


def test_release_held_mails(new_api, db, mailbox, open_cycle):
    org = signed_in(new_api, db, "organizer")
    cycle = open_cycle["id"]
    a = insert(db, "held", to="a@example.org", cycle=cycle)
    b = insert(db, "held", to="b@example.org", cycle=cycle)
    other = insert(db, "held", to="c@example.org")
    dead = insert(db, "dead", to="d@example.org", cycle=cycle)

    r = org.post("/api/outbox/release", json={"cycle_id": cycle})
    assert r.status_code == 200, r.text
    assert r.json() == {"released": 2}
    mailbox.wait(to="a@example.org")
    mailbox.wait(to="b@example.org")
    assert status_of(db, other)[0] == "held"
    assert status_of(db, dead)[0] == "dead"
    for row_id in (a, b):
        assert status_of(db, row_id)[0] in ("sending", "sent")

    r = org.post("/api/outbox/release", json={})
    assert r.status_code == 200, r.text
    assert r.json() == {"released": 1}
    mailbox.wait(to="c@example.org")
    r = org.post("/api/outbox/release", json={})
    assert r.json() == {"released": 0}
    assert audit_actions(db).count("outbox.release") == 3

    # A wrong type is malformed (400), a bad value invalid (422).
    for body, status in (({"cycle_id": "1"}, 400), ({"cycle_id": 0}, 422),
                         ({"cycle_id": 1.5}, 400)):
        r = org.post("/api/outbox/release", json=body)
        assert r.status_code == status, (body, r.text)
        assert "cycle_id" in r.json()["error"]["fields"]
    r = org.post("/api/outbox/release", json={"cycle": 1})
    assert r.status_code == 400
    assert "cycle" in r.json()["error"]["fields"]


def test_template_default_then_custom_is_mailed(new_api, api, db, mailbox,
                                                open_cycle):
    org = signed_in(new_api, db, "organizer")
    path = f"/api/cycles/{open_cycle['id']}/templates/nomination_created"
    r = org.get(path)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["event"] == "nomination_created"
    assert got["custom"] is False
    assert got["subject"] == "{{cycle_name}}: please confirm your nomination"
    assert "{{confirm_url}}" in got["body"]
    # No text the sender chose reaches an address not yet confirmed.
    assert set(got["placeholders"]) == {"cycle_name", "confirm_url"}

    custom = {"subject": "Confirm your nomination for {{cycle_name}}",
              "body": "Dear nominator,\n\n\tconfirm here:\n"
                      "{{confirm_url}}\n"}
    r = org.put(path, json=custom)
    assert r.status_code == 200, r.text
    assert r.json()["custom"] is True
    assert r.json()["subject"] == custom["subject"]
    # A second edit replaces the cycle's copy.
    custom["subject"] = "Please confirm: {{cycle_name}}"
    r = org.put(path, json=custom)
    assert r.status_code == 200, r.text
    assert org.get(path).json()["subject"] == custom["subject"]
    db.execute("SELECT count(*) FROM templates WHERE cycle_id = %s",
               (open_cycle["id"],))
    assert db.fetchone()[0] == 1
    assert audit_actions(db).count("template.update") == 2

    r = api.post("/api/nominations", json=nomination(open_cycle))
    assert r.status_code == 202, r.text
    msg = mailbox.wait(to="charles@example.org")[0]
    assert msg["Subject"] == "Please confirm: Change-Maker Awards 2027"
    text = msg.get_body(("plain",)).get_content()
    assert text.startswith("Dear nominator,")
    assert re.search(r"/confirm#token=[0-9a-f]{64}", text)

    # Another cycle still uses the default.
    db.execute("INSERT INTO cycles (name, phase) VALUES ('Other', 'draft') "
               "RETURNING id")
    other = db.fetchone()[0]
    r = org.get(f"/api/cycles/{other}/templates/nomination_created")
    assert r.status_code == 200, r.text
    assert r.json()["custom"] is False


def test_template_edits_refused(new_api, db, open_cycle):
    org = signed_in(new_api, db, "organizer")
    cycle = open_cycle["id"]
    path = f"/api/cycles/{cycle}/templates/nomination_created"
    good = {"subject": "Confirm", "body": "{{confirm_url}}\n"}

    r = org.put(path, json=dict(good,
                                body="{{confirm_url}} {{nominee_email}}"))
    assert r.status_code == 422, r.text
    assert "nominee_email" in r.json()["error"]["fields"]["body"]
    r = org.put(path, json=dict(good, subject="Hi {{statement}}"))
    assert r.status_code == 422, r.text
    assert "statement" in r.json()["error"]["fields"]["subject"]
    # Subjects are listed in the outbox: a live link may not go there.
    r = org.put(path, json=dict(good, subject="Go {{confirm_url}}"))
    assert r.status_code == 422, r.text
    assert "subject" in r.json()["error"]["fields"]
    for subject in ("Confirm\r\nBcc: x@example.org", "Confirm\nnow",
                    "Tab\there", "", "x" * 201):
        r = org.put(path, json=dict(good, subject=subject))
        assert r.status_code == 422, (subject, r.text)
        assert "subject" in r.json()["error"]["fields"]
    for body in ("", "x" * 20001, "{{confirm_url", "bell\x07"):
        r = org.put(path, json=dict(good, body=body))
        assert r.status_code == 422, (body[:20], r.text)
        assert "body" in r.json()["error"]["fields"]
    r = org.put(path, json={"subject": "Confirm"})
    assert r.status_code == 422
    assert "body" in r.json()["error"]["fields"]
    r = org.put(path, json=dict(good, extra=1))
    assert r.status_code == 400
    r = org.put(path, json=dict(good, subject=3))
    assert r.status_code == 400
    db.execute("SELECT count(*) FROM templates WHERE cycle_id IS NOT NULL")
    assert db.fetchone()[0] == 0

    for method in ("GET", "PUT"):
        for p in (f"/api/cycles/{cycle}/templates/no_such_event",
                  f"/api/cycles/{cycle}/templates/Nomination_Created",
                  f"/api/cycles/{cycle}/templates/" + "a" * 41,
                  "/api/cycles/999999/templates/nomination_created"):
            r = org.request(method, p,
                            json=good if method == "PUT" else None)
            assert r.status_code == 404, (method, p, r.text)
            assert r.json()["error"]["code"] == "not_found"


def test_placeholders_match_the_shipped_templates(new_api, db, open_cycle):
    """The per-event table of cgi/template.c offers exactly what each
    shipped default uses (sql/0002_templates.sql)."""
    org = signed_in(new_api, db, "organizer")
    db.execute("SELECT event, subject, body FROM templates "
               "WHERE cycle_id IS NULL")
    shipped = db.fetchall()
    assert len(shipped) >= 12
    for event, subject, body in shipped:
        r = org.get(f"/api/cycles/{open_cycle['id']}/templates/{event}")
        if event in ("user_invited", "login_link"):
            # Account mails belong to no cycle: no cycle's copy of them.
            assert r.status_code == 404, (event, r.text)
            continue
        assert r.status_code == 200, (event, r.text)
        used = set(re.findall(r"\{\{([a-z_]+)\}\}", subject + body))
        assert set(r.json()["placeholders"]) == used, event
        # The default itself passes the check.
        r = org.put(f"/api/cycles/{open_cycle['id']}/templates/{event}",
                    json={"subject": subject, "body": body})
        assert r.status_code == 200, (event, r.text)
