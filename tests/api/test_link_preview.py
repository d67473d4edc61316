"""The sign-in page asks what a link is before spending it (issue 14,
item 6): POST /api/session/token with "preview": true answers the
purpose (invite or login) and the role, signs no one in, spends nothing;
a used, expired or unknown link answers the usual 404."""

from accounts_util import add_user, outbox_link, signed_in
from test_accounts import sql_one


def preview(api, token):
    return api.post("/api/session/token",
                    json={"token": token, "preview": True})


def test_invitation_and_login_link_told_apart(new_api, db, mailbox):
    org = signed_in(new_api, db, "organizer")
    assert org.post("/api/users", json={
        "email": "jo@example.org", "name": "Jo", "role": "organizer"}
    ).status_code == 201
    _, invite = outbox_link(mailbox, "jo@example.org", "user_invited")
    a = new_api()
    for _ in range(2):
        r = preview(a, invite)
        assert r.status_code == 200, r.text
        assert r.json() == {"purpose": "invite", "role": "organizer"}
    assert sql_one(db, "SELECT count(*) FROM tokens "
                   "WHERE used_at IS NOT NULL") == 0
    assert a.get("/api/session").status_code == 401

    add_user(db, "kim@example.org")
    assert a.post("/api/session/link",
                  json={"email": "kim@example.org"}).status_code == 202
    _, login = outbox_link(mailbox, "kim@example.org", "login_link")
    r = preview(a, login)
    assert r.json() == {"purpose": "login", "role": "committee"}
    assert a.post("/api/session/token",
                  json={"token": login}).status_code == 200
    # Spent: the preview says so as the spend would.
    r = preview(new_api(), login)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "invalid_token"
    assert preview(new_api(), "0" * 64).content == r.content
