"""The organizers' contact address (issue 14): GET /api/contact for the
pages, and a last line naming it in every mail, added by the mailer so
that no edited template can drop it."""

from accounts_util import add_user, signed_in
from harness import settle
from test_nominations import nomination

CONTACT = "team@awards.example.org"
FALLBACK = "awards@localhost"  # AWARDS_MAIL_FROM of the test stack
LINE = "Questions, or something went wrong? Write to the organizers:\n"


def text_of(msg):
    return msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_contact_endpoint(api, db, open_cycle):
    r = api.get("/api/contact")
    assert r.status_code == 200
    assert r.json() == {"contact_email": FALLBACK}
    db.execute("UPDATE cycles SET contact_email = %s", (CONTACT,))
    assert api.get("/api/contact").json() == {"contact_email": CONTACT}


def test_every_mail_names_the_contact(api, new_api, db, mailbox,
                                      open_cycle):
    db.execute("UPDATE cycles SET contact_email = %s", (CONTACT,))
    org = signed_in(new_api, db, "organizer")
    # An organizer's template cannot drop the line.
    r = org.put(f"/api/cycles/{open_cycle['id']}/templates/"
                "nomination_created",
                json={"subject": "{{cycle_name}}: confirm",
                      "body": "{{confirm_url}}\n"})
    assert r.status_code == 200, r.text
    # nomination_created, nomination_confirmed, nomination_links
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    token = mailbox.link_token("charles@example.org", "confirm")
    assert api.post("/api/nominations/confirm",
                    json={"token": token}).status_code == 200
    assert api.post("/api/nominations/links",
                    json={"email": "charles@example.org"}).status_code == 202
    # user_invited (no cycle: the open cycle's contact), login_link
    assert org.post("/api/users", json={
        "email": "new@example.org", "name": "New Member",
        "role": "committee"}).status_code == 201
    add_user(db, "known@example.org")
    assert api.post("/api/session/link",
                    json={"email": "known@example.org"}).status_code == 202
    mails = mailbox.wait(count=3, to="charles@example.org")
    mails += mailbox.wait(to="new@example.org")
    mails += mailbox.wait(to="known@example.org")
    events = set()
    for msg in mails:
        text = text_of(msg)
        assert text.endswith(LINE + CONTACT + "\n"), text
        events.add(msg["Subject"])
    assert len(events) == 5


def test_fallback_is_the_sender(api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    msg = mailbox.wait(to="charles@example.org")[0]
    assert text_of(msg).endswith(LINE + FALLBACK + "\n")
    settle(db, mailbox)
