"""Public nominations end to end: submit, the confirmation link from the
mail, confirm, edit, withdraw; candidates; bad input; the deadline;
tokens; Idempotency-Key."""

import copy
import json
import threading
import time

import psycopg2
import pytest

STATEMENT = ("She set up a peer-support line for survivors on campus and "
             "trained forty volunteers to answer it with care.")


def nomination(cycle, category=None, **over):
    body = {
        "cycle_id": cycle["id"],
        "category_id": category or cycle["categories"][0],
        "nominee": {"name": "Ada Lovelace", "email": "ada@example.org",
                    "affiliation": "Analytical Society", "role": "Student"},
        "nominator": {"name": "Charles Babbage",
                      "email": "charles@example.org",
                      "affiliation": "", "relationship": "Colleague"},
        "statement": STATEMENT,
        "consent_contact_nominee": False,
    }
    for k, v in over.items():
        body[k] = v
    return body


def table_counts(db):
    counts = {}
    for t in ("nominations", "candidates", "tokens", "outbox"):
        db.execute(f"SELECT count(*) FROM {t}")
        counts[t] = db.fetchone()[0]
    return counts


def test_submit_confirm_edit_withdraw(api, db, mailbox, open_cycle):
    r = api.post("/api/nominations", json=nomination(open_cycle))
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "pending"
    nid = r.json()["id"]

    msg = mailbox.wait(to="charles@example.org")[0]
    text = msg.get_body(("plain",)).get_content()
    assert STATEMENT[:30] not in text, "a mail never carries the statement"
    # The subject names the cycle (issue 14), never the people.
    assert msg["Subject"] == \
        "Change-Maker Awards 2027: please confirm your nomination"
    token = mailbox.link_token("charles@example.org", "confirm")
    db.execute("SELECT status FROM nominations WHERE id = %s", (nid,))
    assert db.fetchone()[0] == "pending"

    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": nid, "status": "submitted", "already": False}
    # A replayed token is spent: a calm success that says so (issue 14).
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200
    assert r.json()["already"] is True
    assert r.json()["status"] == "submitted"

    manage = mailbox.link_token("charles@example.org", "manage")
    r = api.post("/api/nominations/manage", json={"token": manage})
    assert r.status_code == 200
    got = r.json()
    assert got["statement"] == STATEMENT
    assert got["nominee"]["email"] == "ada@example.org"
    assert got["editable"] is True

    edited = STATEMENT + "\n\nShe also rewrote the reporting policy."
    r = api.post("/api/nominations/manage",
                 json={"token": manage, "statement": edited})
    assert r.status_code == 200
    assert r.json()["statement"] == edited
    db.execute("SELECT statement FROM nominations WHERE id = %s", (nid,))
    assert db.fetchone()[0] == edited

    r = api.post("/api/nominations/manage",
                 json={"token": manage, "withdraw": True})
    assert r.status_code == 200
    assert r.json()["status"] == "withdrawn"
    db.execute("SELECT status FROM candidates")
    assert db.fetchone()[0] == "withdrawn"
    r = api.post("/api/nominations/manage",
                 json={"token": manage, "statement": edited})
    assert r.status_code == 409


def confirm(api, mailbox, to, count=1):
    token = mailbox.link_token(to, "confirm", count=count)
    assert api.post("/api/nominations/confirm",
                    json={"token": token}).status_code == 200


def test_same_nominee_joins_one_candidate(api, db, mailbox, open_cycle):
    first = nomination(open_cycle)
    second = nomination(open_cycle)
    second["nominee"] = dict(first["nominee"], email="  ADA@Example.ORG ")
    second["nominator"] = dict(first["nominator"], name="Mary Somerville",
                               email="mary@example.org")
    assert api.post("/api/nominations", json=first).status_code == 202
    assert api.post("/api/nominations", json=second).status_code == 202
    db.execute("SELECT count(*) FROM candidates")
    assert db.fetchone()[0] == 1
    db.execute("SELECT count(DISTINCT candidate_id), count(*) "
               "FROM nominations")
    assert db.fetchone() == (1, 2)
    # Another category is another candidate.
    other = nomination(open_cycle, category=open_cycle["categories"][1])
    assert api.post("/api/nominations", json=other).status_code == 202
    db.execute("SELECT count(*) FROM candidates")
    assert db.fetchone()[0] == 2

    # Withdrawing one of two keeps the candidate; the last withdraws it.
    confirm(api, mailbox, "charles@example.org")
    confirm(api, mailbox, "mary@example.org")
    m1 = mailbox.link_token("charles@example.org", "manage")
    m2 = mailbox.link_token("mary@example.org", "manage")
    assert api.post("/api/nominations/manage",
                    json={"token": m1, "withdraw": True}).status_code == 200
    db.execute("SELECT status FROM candidates WHERE category_id = %s",
               (open_cycle["categories"][0],))
    assert db.fetchone()[0] == "active"
    assert api.post("/api/nominations/manage",
                    json={"token": m2, "withdraw": True}).status_code == 200
    db.execute("SELECT status FROM candidates WHERE category_id = %s",
               (open_cycle["categories"][0],))
    assert db.fetchone()[0] == "withdrawn"


def drop(body, path):
    b = copy.deepcopy(body)
    *parents, last = path
    target = b
    for p in parents:
        target = target[p]
    del target[last]
    return b


def put(body, path, value):
    b = copy.deepcopy(body)
    *parents, last = path
    target = b
    for p in parents:
        target = target[p]
    target[last] = value
    return b


BAD_INPUTS = [
    # (what, change, status, field)
    ("missing statement", lambda b: drop(b, ["statement"]), 422, "statement"),
    ("short statement", lambda b: put(b, ["statement"], "too short"), 422,
     "statement"),
    ("long statement", lambda b: put(b, ["statement"], "x" * 20001), 422,
     "statement"),
    ("missing nominee email", lambda b: drop(b, ["nominee", "email"]), 422,
     "nominee.email"),
    ("bad nominee email", lambda b: put(b, ["nominee", "email"], "ada"),
     422, "nominee.email"),
    ("bad nominator email",
     lambda b: put(b, ["nominator", "email"], "x@y.org\r\nBcc: z@w.org"),
     422, "nominator.email"),
    ("CR LF in a name",
     lambda b: put(b, ["nominator", "name"], "Eve\r\nBcc: x@y.org"), 422,
     "nominator.name"),
    ("NUL in the statement",
     lambda b: put(b, ["statement"], STATEMENT + "\u0000"), 422,
     "statement"),
    ("NUL in a name",
     lambda b: put(b, ["nominee", "name"], "Ada\u0000Eve"), 422,
     "nominee.name"),
    ("control char in the statement",
     lambda b: put(b, ["statement"], STATEMENT + "\u0007"), 422,
     "statement"),
    ("empty nominee name", lambda b: put(b, ["nominee", "name"], "  "), 422,
     "nominee.name"),
    ("over-long name", lambda b: put(b, ["nominee", "name"], "n" * 201),
     422, "nominee.name"),
    ("Arabic letter mark in a name",
     lambda b: put(b, ["nominee", "name"], "Ada\u061cLovelace"), 422,
     "nominee.name"),
    ("soft hyphen in an affiliation",
     lambda b: put(b, ["nominee", "affiliation"], "Analyt\u00adical"), 422,
     "nominee.affiliation"),
    ("Hangul filler as a role",
     lambda b: put(b, ["nominee", "role"], "\u3164"), 422, "nominee.role"),
    ("tag characters in a relationship",
     lambda b: put(b, ["nominator", "relationship"],
                   "Colleague\U000e0041\U000e007f"), 422,
     "nominator.relationship"),
    ("ZWJ between Latin letters in a name",
     lambda b: put(b, ["nominator", "name"], "Charles\u200dBabbage"), 422,
     "nominator.name"),
    ("unknown field", lambda b: put(b, ["extra"], 1), 400, "extra"),
    ("unknown nested field", lambda b: put(b, ["nominee", "phone"], "1"),
     400, "nominee.phone"),
    ("wrong type", lambda b: put(b, ["cycle_id"], "3"), 400, "cycle_id"),
    ("wrong type bool",
     lambda b: put(b, ["consent_contact_nominee"], "yes"), 400,
     "consent_contact_nominee"),
    ("nominee not an object", lambda b: put(b, ["nominee"], "Ada"), 400,
     "nominee"),
    ("unknown cycle", lambda b: put(b, ["cycle_id"], 999999), 422,
     "cycle_id"),
    ("unknown category", lambda b: put(b, ["category_id"], 999999), 422,
     "category_id"),
]


@pytest.mark.parametrize("what,change,status,field", BAD_INPUTS,
                         ids=[x[0] for x in BAD_INPUTS])
def test_bad_input_changes_nothing(api, db, open_cycle, what, change,
                                   status, field):
    before = table_counts(db)
    r = api.post("/api/nominations", json=change(nomination(open_cycle)))
    assert r.status_code == status, r.text
    err = r.json()["error"]
    if field is not None:
        assert field in err["fields"], err
    assert table_counts(db) == before


def test_category_of_another_cycle(api, db, open_cycle):
    db.execute("INSERT INTO cycles (name) VALUES ('Other') RETURNING id")
    other = db.fetchone()[0]
    db.execute("INSERT INTO categories (cycle_id, name) VALUES (%s, 'X') "
               "RETURNING id", (other,))
    foreign = db.fetchone()[0]
    r = api.post("/api/nominations",
                 json=nomination(open_cycle, category=foreign))
    assert r.status_code == 422
    assert "category_id" in r.json()["error"]["fields"]


RAW_BAD = [
    ("not JSON", b"{nope", "application/json", 400),
    ("invalid UTF-8", b'{"statement": "\xff\xfe"}', "application/json", 400),
    ("an array", b"[]", "application/json", 400),
    ("duplicate keys", b'{"cycle_id": 1, "cycle_id": 2}',
     "application/json", 400),
    ("wrong content type", b"{}", "text/plain", 415),
    ("form content type", b"a=b", "application/x-www-form-urlencoded", 415),
    ("over 128 KiB", b'{"statement": "' + b"x" * 140000 + b'"}',
     "application/json", 413),
]


@pytest.mark.parametrize("what,data,ctype,status", RAW_BAD,
                         ids=[x[0] for x in RAW_BAD])
def test_malformed_bodies(api, db, open_cycle, what, data, ctype, status):
    before = table_counts(db)
    r = api.post("/api/nominations", data=data,
                 headers={"Content-Type": ctype})
    assert r.status_code == status, r.text
    assert "code" in r.json()["error"]
    assert table_counts(db) == before


def test_after_the_deadline_409(api, db, open_cycle):
    db.execute("UPDATE cycles SET nominations_open_at = now() - "
               "interval '2 days', nominations_close_at = now() - "
               "interval '1 second'")
    r = api.post("/api/nominations", json=nomination(open_cycle))
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "nominations_closed"
    db.execute("UPDATE cycles SET nominations_close_at = now() + "
               "interval '1 day', phase = 'nominations_closed'")
    r = api.post("/api/nominations", json=nomination(open_cycle))
    assert r.status_code == 409
    assert table_counts(db)["nominations"] == 0


def test_edit_after_close_409(api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    confirm(api, mailbox, "charles@example.org")
    manage = mailbox.link_token("charles@example.org", "manage")
    db.execute("UPDATE cycles SET phase = 'nominations_closed'")
    r = api.post("/api/nominations/manage", json={"token": manage})
    assert r.status_code == 200
    assert r.json()["editable"] is False
    r = api.post("/api/nominations/manage",
                 json={"token": manage, "statement": STATEMENT + "!"})
    assert r.status_code == 409
    r = api.post("/api/nominations/manage",
                 json={"token": manage, "withdraw": True})
    assert r.status_code == 409


def test_unconfirmed_nomination_does_not_revive_a_withdrawn_candidate(
        api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    confirm(api, mailbox, "charles@example.org")
    manage = mailbox.link_token("charles@example.org", "manage")
    assert api.post("/api/nominations/manage",
                    json={"token": manage, "withdraw": True}).status_code \
        == 200
    again = nomination(open_cycle)
    again["nominator"] = dict(again["nominator"], email="eve@example.org")
    assert api.post("/api/nominations", json=again).status_code == 202
    db.execute("SELECT status FROM candidates")
    assert db.fetchall() == [("withdrawn",)]
    confirm(api, mailbox, "eve@example.org")
    db.execute("SELECT status FROM candidates")
    assert db.fetchall() == [("active",)]


def test_confirm_after_the_close_until_scoring(api, db, mailbox,
                                                open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    token = mailbox.link_token("charles@example.org", "confirm")
    # Once scoring began it is too late; before, still welcome.
    db.execute("UPDATE cycles SET phase = 'scoring'")
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"
    assert r.json()["error"]["allowed"] == ["nominations_open",
                                            "nominations_closed"]
    db.execute("SELECT status FROM nominations")
    assert db.fetchone()[0] == "pending"
    db.execute("UPDATE cycles SET phase = 'nominations_closed'")
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200


def test_bad_tokens_all_404_alike(api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    token = mailbox.link_token("charles@example.org", "confirm")
    answers = []
    for t in ("0" * 64, "not-a-token", token[:-1] + "x"):
        r = api.post("/api/nominations/confirm", json={"token": t})
        answers.append((r.status_code, r.json()))
        r = api.post("/api/nominations/manage", json={"token": t})
        answers.append((r.status_code, r.json()))
    # The confirm token is not a manage token.
    r = api.post("/api/nominations/manage", json={"token": token})
    answers.append((r.status_code, r.json()))
    assert all(a == answers[0] for a in answers), answers
    assert answers[0][0] == 404
    # Expired: a link that was valid once says so to its holder (410).
    db.execute("UPDATE tokens SET expires_at = now() - interval '1 second'")
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 410
    assert r.json()["error"]["code"] == "expired"


def test_tokens_stored_hashed(api, db, mailbox, open_cycle):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    token = mailbox.link_token("charles@example.org", "confirm")
    db.execute("SELECT encode(hash, 'hex') FROM tokens")
    stored = db.fetchone()[0]
    assert stored != token and len(stored) == 64
    # The stored hash is no token.
    r = api.post("/api/nominations/confirm", json={"token": stored})
    assert r.status_code == 404


def test_idempotency_key(api, db, open_cycle):
    body = nomination(open_cycle)
    h = {"Idempotency-Key": "phone-retry-1"}
    a = api.post("/api/nominations", json=body, headers=h)
    b = api.post("/api/nominations", json=body, headers=h)
    assert a.status_code == b.status_code == 202
    # The same answer (SPEC §4); only the first carries the correction
    # secret of "Wrong address?", in its headers (it is kept hashed).
    assert a.json() == b.json() == {"id": a.json()["id"],
                                    "status": "pending"}
    assert len(a.headers["Correction-Token"]) == 64
    assert "Correction-Token" not in b.headers
    assert table_counts(db)["nominations"] == 1
    assert table_counts(db)["outbox"] == 1
    other = put(body, ["statement"], STATEMENT + " And more.")
    c = api.post("/api/nominations", json=other, headers=h)
    assert c.status_code == 409
    assert table_counts(db)["nominations"] == 1
    # Without a key, the same body is a second nomination.
    assert api.post("/api/nominations", json=body).status_code == 202
    assert table_counts(db)["nominations"] == 2


def waiting_submissions(db):
    """How many submissions wait on a lock in PostgreSQL now."""
    db.execute("SELECT count(*) FROM pg_stat_activity WHERE "
               "wait_event_type = 'Lock' AND query LIKE 'WITH prior AS%'")
    return db.fetchone()[0]


def test_idempotency_key_race(api, db, open_cycle, stack):
    """The same key sent at once with two bodies from two addresses (which
    do not wait for each other's lock): the one that commits second meets
    the first's key in the unique index and answers as a replay would,
    409 idempotency_key_reused, never 500.  The test holds the cycle's
    row, so that the first submission's foreign-key check waits with its
    key in the unique index, and the second waits on that key."""
    h = {"Idempotency-Key": "race-1"}
    first = nomination(open_cycle)
    # Another nominee too, so that neither waits on the other's candidate.
    second = nomination(open_cycle, nominator={
        "name": "Mary Somerville", "email": "mary@example.org",
        "affiliation": "", "relationship": ""}, nominee={
        "name": "Grace Hopper", "email": "grace@example.org",
        "affiliation": "", "role": ""})
    hold = psycopg2.connect(stack.super_url)
    answers = []
    try:
        with hold.cursor() as cur:
            cur.execute("SELECT id FROM cycles WHERE id = %s FOR UPDATE",
                        (open_cycle["id"],))

            def send(body):
                answers.append(api.post("/api/nominations", json=body,
                                        headers=h))
            threads = [threading.Thread(target=send, args=(b,))
                       for b in (first, second)]
            for t in threads:
                t.start()
            # Both wait: one on the cycle's row, the other on the first.
            deadline = time.monotonic() + 10
            while waiting_submissions(db) < 2:
                if time.monotonic() > deadline:
                    pytest.fail("the two submissions never waited")
                time.sleep(0.02)
            hold.commit()
        for t in threads:
            t.join(10)
    finally:
        hold.close()
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [202, 409], [r.text for r in answers]
    loser = next(r for r in answers if r.status_code == 409)
    assert loser.json()["error"]["code"] == "idempotency_key_reused"
    assert table_counts(db)["nominations"] == 1
    assert table_counts(db)["outbox"] == 1


def test_expired_unconfirmed_are_erased(api, db, mailbox, open_cycle, stack):
    assert api.post("/api/nominations",
                    json=nomination(open_cycle)).status_code == 202
    keep = nomination(open_cycle)
    keep["nominee"] = dict(keep["nominee"], email="grace@example.org")
    assert api.post("/api/nominations", json=keep).status_code == 202
    db.execute("UPDATE nominations SET created_at = now() - "
               "interval '73 hours' WHERE nominee_email = 'ada@example.org'")
    import subprocess
    out = subprocess.run([stack.binary, "purge", "--expired"],
                         env=stack.process_env(), capture_output=True,
                         text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    db.execute("SELECT nominee_email FROM nominations")
    assert db.fetchall() == [("grace@example.org",)]
    db.execute("SELECT email_key FROM candidates")
    assert db.fetchall() == [("grace@example.org",)]


def test_nominee_never_mailed_on_submit(api, mailbox, open_cycle, db):
    db.execute("UPDATE cycles SET notify_nominees = true")
    body = nomination(open_cycle, consent_contact_nominee=True)
    assert api.post("/api/nominations", json=body).status_code == 202
    confirm(api, mailbox, "charles@example.org")
    mailbox.wait(count=2, to="charles@example.org")
    # Only screening as eligible may tell the nominee; nothing yet.
    assert not [m for m in mailbox.messages if "ada@example.org" in m["to"]]


def test_longest_statement_of_4_byte_characters_fits(api, db, open_cycle):
    """SPEC §4: 20,000 characters of 4 bytes each (80 kB of UTF-8) fit in
    the body cap; 20,001 are refused by the validator, not the cap."""
    for n, status in ((20000, 202), (20001, 422)):
        body = nomination(open_cycle, statement="\U0001F600" * n)
        data = json.dumps(body, ensure_ascii=False).encode()
        assert len(data) > 64 * 1024
        r = api.post("/api/nominations", data=data,
                     headers={"Content-Type": "application/json"})
        assert r.status_code == status, r.text[:200]


def test_invisible_character_named_and_persian_name_kept(api, db,
                                                        open_cycle):
    """SPEC §7: U+061C (a bidi mark) in a name is a 422 naming the field
    and what is wrong; a Persian name spelt with a ZWNJ between two
    letters is accepted and stored as written."""
    body = nomination(open_cycle)
    body["nominee"]["name"] = "Ada\u061cLovelace"
    r = api.post("/api/nominations", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["fields"] == {
        "nominee.name": "contains an invisible or text-direction control "
                        "character"}
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    body["nominee"]["name"] = persian
    r = api.post("/api/nominations", json=body)
    assert r.status_code == 202, r.text
    db.execute("SELECT nominee_name FROM nominations")
    assert db.fetchone()[0] == persian
