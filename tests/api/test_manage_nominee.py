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


def test_screened_once_locks_the_nominee(api, new_api, db, mailbox,
                                         open_cycle):
    """Issue 20, item 10: an edited statement sends a screened nomination
    back to submitted, but its nominee stays locked; members read only
    eligible statements, and organizers see what was edited."""
    import scoring_util as su
    from accounts_util import signed_in

    token = managed(api, mailbox, open_cycle)
    org = signed_in(new_api, db, "organizer")
    db.execute("SELECT id, candidate_id FROM nominations")
    nid, cand = db.fetchone()
    r = org.patch(f"/api/nominations/{nid}", json={"status": "eligible"})
    assert r.status_code == 200, r.text
    listed = org.get(f"/api/cycles/{open_cycle['id']}/candidates").json()
    assert listed["candidates"][0]["nominations"][0][
        "edited_since_screening"] is False

    edited = "Rewritten after screening: " + "x" * 60
    r = api.post("/api/nominations/manage",
                 json={"token": token, "statement": edited})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    r = api.post("/api/nominations/manage", json={
        "token": token, "nominee": {"name": "Someone Else"}})
    assert r.status_code == 409, r.text
    assert r.json()["error"]["code"] == "screened"
    db.execute("SELECT n.nominee_name, c.nominee_name FROM nominations n "
               "JOIN candidates c ON c.id = n.candidate_id")
    assert db.fetchone() == ("Ada Lovelace", "Ada Lovelace")

    # Organizers see it was edited since they screened it.
    listed = org.get(f"/api/cycles/{open_cycle['id']}/candidates").json()
    got = listed["candidates"][0]["nominations"][0]
    assert got["status"] == "submitted"
    assert got["edited_since_screening"] is True
    got = org.get(f"/api/candidates/{cand}").json()["nominations"][0]
    assert got["edited_since_screening"] is True

    # A member reads no statement the organizers have not screened.
    db.execute("UPDATE cycles SET phase = 'scoring' WHERE id = %s",
               (open_cycle["id"],))
    uid, m = su.member(new_api, db)
    su.assign(db, cand, uid, attested=True)
    r = m.get(f"/api/candidates/{cand}")
    assert r.status_code == 200, r.text
    assert r.json()["nominations"] == []
    assert edited not in r.text
