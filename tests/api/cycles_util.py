"""Helpers of the cycle tests: an organizer client, a cycle built through
the API, nominations submitted and confirmed through the API, and
confirmed nominations put straight into the tables for the bulk tests of
assignment."""

import datetime

from accounts_util import signed_in

STATEMENT = ("She set up a peer-support line for survivors on campus and "
             "trained forty volunteers to answer it with care.")


def iso(days):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def organizer(new_api, db):
    return signed_in(new_api, db, "organizer")


def build_cycle(org, name="Change-Maker Awards 2030", categories=2,
                criteria=3, open_it=True, **settings):
    """A cycle made through the API: dates, categories, a rubric, and
    opened for nominations unless open_it is false.  Returns the cycle as
    GET /api/cycles/{id} answers it."""
    body = {"name": name, "nominations_open_at": iso(-1),
            "nominations_close_at": iso(30), "scoring_close_at": iso(60)}
    body.update(settings)
    r = org.post("/api/cycles", json=body)
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    for i in range(categories):
        r = org.post(f"/api/cycles/{cid}/categories",
                     json={"name": f"Category {i + 1}",
                           "description": "Someone who changed things.",
                           "max_awardees": 2})
        assert r.status_code == 201, r.text
    for i in range(criteria):
        r = org.post(f"/api/cycles/{cid}/criteria",
                     json={"name": f"Criterion {i + 1}", "weight": i + 1,
                           "min_label": "little evidence",
                           "max_label": "exceptional"})
        assert r.status_code == 201, r.text
    if open_it:
        r = org.post(f"/api/cycles/{cid}/phase",
                     json={"phase": "nominations_open"})
        assert r.status_code == 200, r.text
    return org.get(f"/api/cycles/{cid}").json()


def nomination(cycle, category, nominee_email, nominator_email,
               nominee_name="Ada Lovelace", consent=False):
    return {
        "cycle_id": cycle["id"], "category_id": category,
        "nominee": {"name": nominee_name, "email": nominee_email,
                    "affiliation": "Analytical Society", "role": ""},
        "nominator": {"name": "Charles Babbage", "email": nominator_email,
                      "affiliation": "", "relationship": "Colleague"},
        "statement": STATEMENT, "consent_contact_nominee": consent,
    }


def nominate(api, mailbox, cycle, category, nominee_email, nominator_email,
             confirm=True, **kw):
    """Submits a nomination through the API and (unless confirm is false)
    confirms it with the link mailed to the nominator.  Returns its id."""
    r = api.post("/api/nominations", json=nomination(
        cycle, category, nominee_email, nominator_email, **kw))
    assert r.status_code == 202, r.text
    nid = r.json()["id"]
    if confirm:
        token = mailbox.link_token(nominator_email, "confirm")
        r = api.post("/api/nominations/confirm", json={"token": token})
        assert r.status_code == 200, r.text
    return nid


def insert_confirmed(db, cycle_id, category_id, nominee_email,
                     nominator_email, status="submitted",
                     name="A Nominee"):
    """A confirmed nomination and its candidate, straight into the tables
    (the bulk tests of assignment are not about submitting).  Returns
    (candidate id, nomination id)."""
    # One statement: the mailer's housekeeping deletes a candidate left
    # without nominations, and could catch one between two.
    db.execute(
        "WITH c AS (INSERT INTO candidates (cycle_id, category_id, "
        "email_key, nominee_name) VALUES (%s, %s, lower(%s), %s) "
        "ON CONFLICT (category_id, email_key) WHERE status <> 'merged' "
        "DO UPDATE SET status = candidates.status RETURNING id) "
        "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, nominator_name, nominator_email, "
        "statement, status, confirmed_at) SELECT %s, %s, c.id, %s, %s, "
        "'A Nominator', %s, %s, %s, now() FROM c "
        "RETURNING candidate_id, id",
        (cycle_id, category_id, nominee_email, name,
         cycle_id, category_id, name, nominee_email,
         nominator_email, STATEMENT, status))
    return db.fetchone()
