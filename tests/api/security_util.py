"""Helpers of the security tests (issue 12): nominations made and
confirmed in a few calls."""

STATEMENT = ("She set up a peer-support line for survivors on campus and "
             "trained forty volunteers to answer it with care.")


def nomination(cycle, nominator="charles@example.org",
               nominee="ada@example.org", category=None, name="Charles"):
    return {
        "cycle_id": cycle["id"],
        "category_id": category or cycle["categories"][0],
        "nominee": {"name": "Ada Lovelace", "email": nominee,
                    "affiliation": "", "role": ""},
        "nominator": {"name": name, "email": nominator,
                      "affiliation": "", "relationship": ""},
        "statement": STATEMENT,
        "consent_contact_nominee": False,
    }


def submit(api, cycle, **kw):
    r = api.post("/api/nominations", json=nomination(cycle, **kw))
    assert r.status_code == 202, r.text
    return r.json()["id"]


def confirmed(api, mailbox, cycle, nominator, count=1, **kw):
    """Submits and confirms a nomination; returns (id, manage token)."""
    nid = submit(api, cycle, nominator=nominator, **kw)
    token = mailbox.link_token(nominator, "confirm", count)
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    return nid, mailbox.link_token(nominator, "manage", count)
