"""The nominator corrects the nominee's name, affiliation and role from
the manage link until the nomination is screened (issue 14, item 8)."""

from test_nominations import nomination


def managed(api, mailbox, cycle):
    assert api.post("/api/nominations",
                    json=nomination(cycle)).status_code == 202
    token = mailbox.link_token("charles@example.org", "confirm")
    assert api.post("/api/nominations/confirm",
                    json={"token": token}).status_code == 200
    return mailbox.link_token("charles@example.org", "manage")


FIXED = {"name": "Ada King", "affiliation": "Royal Society",
         "role": "Mathematician"}


def test_correct_until_screened(api, db, mailbox, open_cycle):
    token = managed(api, mailbox, open_cycle)
    r = api.post("/api/nominations/manage",
                 json={"token": token, "nominee": FIXED})
    assert r.status_code == 200, r.text
    got = r.json()["nominee"]
    assert (got["name"], got["affiliation"], got["role"]) == \
        ("Ada King", "Royal Society", "Mathematician")
    assert got["email"] == "ada@example.org"
    # The candidate it named follows.
    db.execute("SELECT nominee_name, nominee_affiliation FROM candidates")
    assert db.fetchone() == ("Ada King", "Royal Society")
    # Validated like the form.
    r = api.post("/api/nominations/manage",
                 json={"token": token, "nominee": {"name": ""}})
    assert r.status_code == 422
    assert "nominee.name" in r.json()["error"]["fields"] or \
        "name" in str(r.json()["error"]["fields"])
    r = api.post("/api/nominations/manage", json={
        "token": token, "nominee": dict(FIXED, email="x@example.org")})
    assert r.status_code == 400
    r = api.post("/api/nominations/manage", json={
        "token": token, "nominee": FIXED, "withdraw": True})
    assert r.status_code == 422
    # Screened: refused, nothing changed.
    db.execute("UPDATE nominations SET status = 'eligible'")
    r = api.post("/api/nominations/manage", json={
        "token": token, "nominee": {"name": "Someone Else"}})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "screened"
    db.execute("SELECT nominee_name FROM nominations")
    assert db.fetchone()[0] == "Ada King"
