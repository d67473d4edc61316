"""Invitation in Chromium (issue 5): an organizer adds a member in
/organizer; the member opens the link of the invitation mail, chooses a
password, signs out and signs in again."""

import re

from sessions_util import cookie_for


def invitation_body(mailbox, to):
    """The text of the invitation mail to address, as received over SMTP."""
    mail = mailbox.wait(1, to=to)[0]
    return mail.get_body(("plain",)).get_content()


def test_invite_accept_logout_login(browser, stack, mailbox, db):
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('org@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    org = db.fetchone()[0]
    cookie = cookie_for(db, org)

    browser("invite.mjs", "add", cookie, "Mia Member", "mia@example.org")

    body = invitation_body(mailbox, "mia@example.org")
    assert "Olga Organizer" in body
    link = re.search(r"http\S+/login#token=[0-9a-f]{64}", body).group(0)

    browser("invite.mjs", "accept", link, "Mia Member", "mia@example.org",
            "mia's password of the year")

    db.execute("SELECT password_hash IS NOT NULL, role FROM users "
               "WHERE email = 'mia@example.org'")
    assert db.fetchone() == (True, "committee")
    # Two sign-ins, the first ended by the sign-out.
    db.execute("SELECT revoked_at IS NOT NULL FROM sessions s JOIN users u "
               "ON u.id = s.user_id WHERE u.email = 'mia@example.org' "
               "ORDER BY s.id")
    assert [r[0] for r in db.fetchall()] == [True, False]
