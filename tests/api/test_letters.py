"""Letters of support (referees named by the nominator, mailed
once the nomination is confirmed, writing through /api/letters) and the
nominee's voice (/api/nominee: decline, be recognised privately)."""

import csv
import subprocess
import io
import time

from accounts_util import signed_in
from announce_util import (add_candidate, add_nomination, decide,
                           make_cycle, outbox_rows, run_purge, set_phase)
import scoring_util as su
from test_nominations import nomination

LETTER = ("I have worked beside Ada for six years and watched her build "
          "the peer-support line from nothing; she answers every call.")
REFEREES = [
    {"name": "Rita Referee", "email": "rita@example.org",
     "relationship": "Supervisor"},
    {"name": "Sam Support", "email": "sam@example.org",
     "relationship": "Volunteer"},
]


def letters_cycle(db, cycle, n=2):
    db.execute("UPDATE cycles SET letters_max = %s WHERE id = %s",
               (n, cycle["id"]))


def submit_and_confirm(api, mailbox, cycle, **over):
    r = api.post("/api/nominations", json=nomination(cycle, **over))
    assert r.status_code == 202, r.text
    to = over.get("nominator", {}).get("email", "charles@example.org")
    count = len([m for m in mailbox.messages if to in m["to"]])
    token = mailbox.link_token(to, "confirm", count=max(1, count))
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def letter_events(db):
    db.execute("SELECT event, to_address FROM outbox "
               "WHERE event LIKE 'letter%%' ORDER BY id")
    return db.fetchall()


def test_two_referees_asked_only_after_confirmation(api, new_api, db,
                                                    mailbox, open_cycle):
    letters_cycle(db, open_cycle)
    r = api.post("/api/nominations",
                 json=nomination(open_cycle, referees=REFEREES))
    assert r.status_code == 202, r.text
    mailbox.wait(to="charles@example.org")
    # Nothing to a referee before the nominator confirms.
    time.sleep(0.5)
    assert letter_events(db) == []
    assert not [m for m in mailbox.messages
                if "rita@example.org" in m["to"]]
    token = mailbox.link_token("charles@example.org", "confirm")
    assert api.post("/api/nominations/confirm",
                    json={"token": token}).status_code == 200
    rita = mailbox.link_token("rita@example.org", "letter")
    sam = mailbox.link_token("sam@example.org", "letter")
    msg = mailbox.wait(to="rita@example.org")[0]
    text = msg.get_body(("plain",)).get_content()
    assert "Charles Babbage" in text and "Ada Lovelace" in text
    assert "Students" in text
    assert "peer-support line for survivors" not in text

    # What the referee sees: never the statement or other referees.
    r = api.post("/api/letters", json={"token": rita})
    assert r.status_code == 200, r.text
    seen = r.json()
    assert seen["nominee_name"] == "Ada Lovelace"
    assert seen["category_name"] == "Students"
    assert seen["letter"] is None and seen["writable"] is True
    assert seen["letters_close_at"]
    assert "statement" not in r.text and "sam@" not in r.text
    assert "Sam Support" not in r.text

    r = api.post("/api/letters", json={"token": rita, "letter": "short"})
    assert r.status_code == 422
    r = api.post("/api/letters", json={"token": rita, "letter": LETTER})
    assert r.status_code == 200, r.text
    assert r.json()["letter"] == LETTER
    # The nominator's notice: one line, never the text.
    notice = [m for m in mailbox.wait(count=3, to="charles@example.org")
              if "letter of support arrived" in m["Subject"]]
    assert len(notice) == 1
    assert "six years" not in notice[0].get_body(("plain",)).get_content()
    # Replacing it sends nothing more.
    r = api.post("/api/letters",
                 json={"token": rita, "letter": LETTER + " Again."})
    assert r.status_code == 200
    assert [e for e, _ in letter_events(db)].count("letter_received") == 1

    # A referee's link never opens another's letter.
    r = api.post("/api/letters", json={"token": sam})
    assert r.json()["letter"] is None
    assert "six years" not in r.text
    r = api.post("/api/letters", json={"token": "0" * 64})
    assert r.status_code == 404

    # The nominator sees the state, never the text.
    manage = mailbox.link_token("charles@example.org", "manage")
    r = api.post("/api/nominations/manage", json={"token": manage})
    assert r.status_code == 200, r.text
    states = {x["name"]: x["state"] for x in r.json()["referees"]}
    assert states == {"Rita Referee": "received", "Sam Support": "asked"}
    assert "six years" not in r.text

    # The organizer, before starting scoring, sees the letter not in and
    # the date Sam was told (what /cycle's confirmation says).
    org = signed_in(new_api, db, "organizer")
    cyc = org.get(f"/api/cycles/{open_cycle['id']}").json()
    assert cyc["letters_awaited"] == 1
    assert cyc["letters_close_at"] == seen["letters_close_at"]

    # Letters close when scoring begins.
    db.execute("UPDATE cycles SET phase = 'scoring' WHERE id = %s",
               (open_cycle["id"],))
    r = api.post("/api/letters", json={"token": sam, "letter": LETTER})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"


def test_referees_refused(api, db, mailbox, open_cycle):
    body = nomination(open_cycle, referees=REFEREES[:1])
    r = api.post("/api/nominations", json=body)
    assert r.status_code == 422, r.text
    assert "referees" in r.json()["error"]["fields"]
    letters_cycle(db, open_cycle)
    for who, field in (("ada@example.org", "nominee"),
                       (" Charles@Example.org", "nominator")):
        r = api.post("/api/nominations", json=nomination(
            open_cycle, referees=[dict(REFEREES[0], email=who)]))
        assert r.status_code == 422, r.text
        why = r.json()["error"]["fields"]["referees[0].email"]
        assert field in why
    r = api.post("/api/nominations", json=nomination(
        open_cycle, referees=REFEREES + [dict(REFEREES[0],
                                              email="x@example.org")]))
    assert r.status_code == 422
    r = api.post("/api/nominations", json=nomination(
        open_cycle, referees=[dict(REFEREES[0], name="Rita\u200bR")]))
    assert r.status_code == 422
    assert "referees[0].name" in r.json()["error"]["fields"]
    r = api.post("/api/nominations", json=nomination(
        open_cycle, referees=[dict(REFEREES[0], email="rita@[127.0.0.1]")]))
    assert r.status_code == 422
    db.execute("SELECT count(*) FROM nominations")
    assert db.fetchone()[0] == 0


def test_manage_names_and_replaces_referees(api, db, mailbox, open_cycle):
    letters_cycle(db, open_cycle)
    submit_and_confirm(api, mailbox, open_cycle)
    manage = mailbox.link_token("charles@example.org", "manage")
    r = api.post("/api/nominations/manage",
                 json={"token": manage, "referees": REFEREES[:1]})
    assert r.status_code == 200, r.text
    assert [x["state"] for x in r.json()["referees"]] == ["asked"]
    mailbox.link_token("rita@example.org", "letter")
    r = api.post("/api/nominations/manage",
                 json={"token": manage, "referees": REFEREES[1:]})
    assert r.status_code == 200
    assert [x["name"] for x in r.json()["referees"]] == ["Sam Support"]
    mailbox.link_token("sam@example.org", "letter")
    db.execute("SELECT count(*) FROM referees")
    assert db.fetchone()[0] == 1
    r = api.post("/api/nominations/manage", json={
        "token": manage, "referees": [dict(REFEREES[0],
                                           email="ada@example.org")]})
    assert r.status_code == 422


def test_cap_across_nominator_and_referee_mails(api, db, mailbox,
                                                open_cycle):
    letters_cycle(db, open_cycle, 1)
    # Five nominations confirmed, each asking one address for a letter.
    for i in range(5):
        submit_and_confirm(api, mailbox, open_cycle, nominee={
            "name": f"Nominee {i}", "email": f"nominee{i}@example.org",
            "affiliation": "", "role": ""},
            nominator={"name": f"Nominator {i}",
                       "email": f"nominator{i}@example.org",
                       "affiliation": "", "relationship": ""},
            referees=[dict(REFEREES[0], email="busy@example.org")])
    db.execute("SELECT count(*) FROM outbox WHERE event = "
               "'letter_requested' AND to_address = 'busy@example.org'")
    assert db.fetchone()[0] == 5
    # That address may be asked for nothing more, as nominator ...
    r = api.post("/api/nominations", json=nomination(
        open_cycle, nominator={"name": "Busy", "email": "busy@example.org",
                               "affiliation": "", "relationship": ""}))
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "too_many_pending"
    # ... or as referee.
    r = api.post("/api/nominations", json=nomination(
        open_cycle, referees=[dict(REFEREES[0], email="busy@example.org")]))
    assert r.status_code == 429
    # An address asked five times to confirm cannot be asked for a letter.
    for i in range(5):
        r = api.post("/api/nominations", json=nomination(
            open_cycle, nominee={"name": f"N {i}",
                                 "email": f"n{i}@example.org",
                                 "affiliation": "", "role": ""},
            nominator={"name": "Pat", "email": "pat@example.org",
                       "affiliation": "", "relationship": ""}))
        assert r.status_code == 202
    r = api.post("/api/nominations", json=nomination(
        open_cycle, referees=[dict(REFEREES[0], email="pat@example.org")]))
    assert r.status_code == 429


def notified_candidate(api, new_api, db, mailbox, cycle):
    """A confirmed nomination screened eligible in a cycle that tells
    nominees: (organizer client, candidate id, nominee token)."""
    db.execute("UPDATE cycles SET notify_nominees = true WHERE id = %s",
               (cycle["id"],))
    nid = submit_and_confirm(api, mailbox, cycle,
                             consent_contact_nominee=True)
    org = signed_in(new_api, db, "organizer")
    r = org.patch(f"/api/nominations/{nid}", json={"status": "eligible"})
    assert r.status_code == 200, r.text
    token = mailbox.link_token("ada@example.org", "nominee")
    db.execute("SELECT candidate_id FROM nominations WHERE id = %s", (nid,))
    return org, db.fetchone()[0], token


def test_nominee_declines(api, new_api, db, mailbox, open_cycle):
    org, cand, token = notified_candidate(api, new_api, db, mailbox,
                                          open_cycle)
    text = mailbox.wait(to="ada@example.org")[0].get_body(
        ("plain",)).get_content()
    assert "Charles" not in text
    r = api.post("/api/nominee", json={"token": token})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["category_name"] == "Students" and got["declined"] is False
    assert "Charles" not in r.text and "charles" not in r.text

    uid, mem = su.member(new_api, db)
    su.assign(db, cand, uid, attested=True)
    db.execute("UPDATE cycles SET phase = 'scoring' WHERE id = %s",
               (open_cycle["id"],))
    assert mem.get(f"/api/candidates/{cand}").status_code == 200
    su.final_review(db, cand, uid, {c: 4 for c in open_cycle["criteria"]})

    r = api.post("/api/nominee", json={"token": token, "decline": True})
    assert r.status_code == 200, r.text
    assert r.json()["declined"] is True
    assert mem.get(f"/api/candidates/{cand}").status_code == 404
    assert mem.get("/api/me/assignments").json()["assignments"] == []
    r = org.get(f"/api/cycles/{open_cycle['id']}/rankings")
    assert r.status_code == 200
    assert cand not in [c["candidate_id"] for k in r.json()["categories"]
                        for c in k["candidates"]]
    listed = org.get(f"/api/cycles/{open_cycle['id']}/candidates").json()
    row = [c for c in listed["candidates"] if c["id"] == cand][0]
    assert row["declined_by_nominee"] is True
    assert row["nominations"][0]["status"] == "declined"
    # The nominator is not told before the announcement.
    manage = mailbox.link_token("charles@example.org", "manage")
    r = api.post("/api/nominations/manage", json={"token": manage})
    assert r.json()["status"] == "submitted"
    # Not after the decisions.
    db.execute("UPDATE cycles SET phase = 'decided' WHERE id = %s",
               (open_cycle["id"],))
    r = api.post("/api/nominee", json={"token": token, "decline": False})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"


def test_private_awardee(new_api, db, mailbox, stack):
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db, categories=(("Students", 2),))
    cat = cy["categories"][0]
    ada = add_candidate(db, cy["id"], cat, "Ada Private",
                        nominee_email="ada.private@example.org")
    bob = add_candidate(db, cy["id"], cat, "Bob Public")
    add_nomination(db, ada, "Nora", "nora@example.org")
    add_nomination(db, bob, "Nora", "nora@example.org")
    assert decide(org, ada, "awardee").status_code == 200
    assert decide(org, bob, "awardee").status_code == 200
    set_phase(db, cy["id"], "decided")
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={})
    assert r.status_code == 200, r.text
    token = mailbox.link_token("ada.private@example.org", "nominee")
    api = new_api()
    r = api.post("/api/nominee", json={"token": token, "private": True})
    assert r.status_code == 200, r.text
    assert r.json()["private"] is True
    # Declining is over once decided.
    r = api.post("/api/nominee", json={"token": token, "decline": True})
    assert r.status_code == 409
    names = [a["name"] for c in new_api().get(
        f"/api/cycles/{cy['id']}/awardees").json()["categories"]
        for a in c["awardees"]]
    assert names == ["Bob Public"]
    rows = list(csv.DictReader(io.StringIO(org.get(
        f"/api/cycles/{cy['id']}/export.csv").text)))
    public = {r["Candidate"]: r["Public name"] for r in rows}
    assert public == {"Ada Private": "", "Bob Public": "Bob Public"}
    assert {r["Recognition"] for r in rows
            if r["Candidate"] == "Ada Private"} == {"Private"}


def test_private_before_the_announcement(new_api, db, mailbox):
    """Chosen privately before the announcement: congratulated, kept off
    the list mail."""
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db, categories=(("Students", 2),))
    cat = cy["categories"][0]
    ada = add_candidate(db, cy["id"], cat, "Ada Private",
                        nominee_email="ada.private@example.org")
    add_nomination(db, ada, "Nora", "nora@example.org")
    db.execute("UPDATE candidates SET private = true WHERE id = %s", (ada,))
    assert decide(org, ada, "awardee").status_code == 200
    set_phase(db, cy["id"], "decided")
    # Held: a sent mail's body is emptied, and the mailer may be quick.
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": True}).status_code == 200
    rows = outbox_rows(db, cy["id"])
    events = {e: (to, body) for e, to, _, _, body, _ in rows}
    assert events["announcement_awardee"][0] == "ada.private@example.org"
    assert "/nominee#token=" in events["announcement_awardee"][1]
    assert "Ada Private" not in events["announcement_list"][1]


def test_purge_erases_letters_of_non_awarded(new_api, db, stack):
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db, categories=(("Students", 1),))
    cat = cy["categories"][0]
    ada = add_candidate(db, cy["id"], cat, "Ada Lovelace")
    alan = add_candidate(db, cy["id"], cat, "Alan Turing")
    na = add_nomination(db, ada, "Nora", "nora@example.org")
    nb = add_nomination(db, alan, "Ned", "ned@example.org")
    for n, who in ((na, "kept"), (nb, "gone")):
        db.execute("INSERT INTO referees (nomination_id, name, email, "
                   "letter) VALUES (%s, %s, %s, %s)",
                   (n, f"Referee {who}", f"{who}@example.org", LETTER))
    assert decide(org, ada, "awardee").status_code == 200
    assert decide(org, alan, "not_selected").status_code == 200
    set_phase(db, cy["id"], "announced")
    db.execute("UPDATE cycles SET announced_at = now() - interval '40 days' "
               "WHERE id = %s", (cy["id"],))
    p = run_purge(stack, "--cycle", str(cy["id"]), "--older-than", "30")
    assert p.returncode == 0, p.stderr
    db.execute("SELECT name FROM referees")
    assert db.fetchall() == [("Referee kept",)]


def test_members_read_letters_and_referees_are_conflicted(new_api, db):
    cy = su.cycle(db)
    cand, _ = su.candidate(db, cy, cy["categories"][0])
    db.execute("SELECT id FROM nominations WHERE candidate_id = %s", (cand,))
    nid = db.fetchone()[0]
    uid, mem = su.member(new_api, db)
    su.assign(db, cand, uid, attested=False)
    db.execute("INSERT INTO referees (nomination_id, name, email, "
               "relationship, letter) VALUES (%s, 'Rita Referee', "
               "'rita@example.org', 'Supervisor', %s)", (nid, LETTER))
    r = mem.get(f"/api/candidates/{cand}")
    assert r.status_code == 200
    assert "six years" not in r.text
    assert mem.post(f"/api/candidates/{cand}/attest",
                    json={"conflict": False}).status_code == 200
    r = mem.get(f"/api/candidates/{cand}")
    letters = r.json()["nominations"][0]["letters"]
    assert letters == [{"referee_name": "Rita Referee",
                        "relationship": "Supervisor", "letter": LETTER}]
    assert "rita@example.org" not in r.text
    # A referee who is a member is conflicted with the candidate.
    ref_uid, ref = su.member(new_api, db)
    db.execute("SELECT email FROM users WHERE id = %s", (ref_uid,))
    db.execute("UPDATE referees SET email = %s", (db.fetchone()[0],))
    su.assign(db, cand, ref_uid, attested=True)
    assert ref.get(f"/api/candidates/{cand}").status_code == 404
    db.execute("SELECT count(*) FROM candidate_conflicts WHERE "
               "candidate_id = %s AND user_id = %s", (cand, ref_uid))
    assert db.fetchone()[0] == 1


def test_silent_referees_reminded_once(api, db, mailbox, open_cycle, stack):
    """`awards remind` reminds each referee who has not written, once,
    when letters close within three days, with a link of its own that
    opens their letter; a referee who wrote is left alone."""
    letters_cycle(db, open_cycle)
    submit_and_confirm(api, mailbox, open_cycle, referees=REFEREES)
    rita = mailbox.link_token("rita@example.org", "letter")
    mailbox.link_token("sam@example.org", "letter")
    assert api.post("/api/letters", json={"token": rita, "letter": LETTER}
                    ).status_code == 200
    # Letters close two days from now (nominations closed five days ago).
    db.execute("UPDATE cycles SET phase = 'nominations_closed', "
               "nominations_open_at = now() - interval '9 days', "
               "nominations_close_at = now() - interval '5 days', "
               "scoring_close_at = now() + interval '30 days' "
               "WHERE id = %s", (open_cycle["id"],))
    for _ in range(2):
        r = subprocess.run([stack.binary, "remind"],
                           env=stack.process_env(), capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0, r.stderr
    events = letter_events(db)
    assert events.count(("letter_reminder", "sam@example.org")) == 1
    assert ("letter_reminder", "rita@example.org") not in events
    again = mailbox.link_token("sam@example.org", "letter", count=2)
    r = api.post("/api/letters", json={"token": again})
    assert r.status_code == 200, r.text
    assert r.json()["letter"] in (None, "")


def test_declined_nominators_told_kindly_at_the_announcement(
        new_api, db, mailbox):
    """A nominator of a nominee who declined learns it only at the
    announcement, in the outcome line, without the word or any detail."""
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db, categories=(("Students", 1),))
    cat = cy["categories"][0]
    ada = add_candidate(db, cy["id"], cat, "Ada Quiet",
                        nominee_email="ada.quiet@example.org")
    add_nomination(db, ada, "Nora", "nora@example.org")
    bob = add_candidate(db, cy["id"], cat, "Bob Chosen")
    add_nomination(db, bob, "Otto", "otto@example.org")
    db.execute("UPDATE candidates SET status = 'declined', "
               "declined_at = now() WHERE id = %s", (ada,))
    db.execute("UPDATE nominations SET status = 'declined' "
               "WHERE candidate_id = %s", (ada,))
    assert decide(org, bob, "awardee").status_code == 200
    set_phase(db, cy["id"], "decided")
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={"hold": True}).status_code == 200
    rows = [r for r in outbox_rows(db, cy["id"])
            if r[1] == "nora@example.org"]
    assert len(rows) == 1, rows
    body = rows[0][4]
    assert "Ada Quiet" in body
    assert "declin" not in body.lower()
    assert "not among the awardees this time" in body


def test_nominee_link_lives_30_days_after_the_announcement(
        api, new_api, db, mailbox, open_cycle):
    """The nominee's mail promises a link that works until 30 days after
    the announcement (privacy may still be asked for after it)."""
    _, _, token = notified_candidate(api, new_api, db, mailbox, open_cycle)
    db.execute("UPDATE cycles SET phase = 'announced', announced_at = "
               "now() - interval '29 days' WHERE id = %s",
               (open_cycle["id"],))
    r = api.post("/api/nominee", json={"token": token})
    assert r.status_code == 200, r.text
    assert api.post("/api/nominee", json={"token": token, "private": True}
                    ).status_code == 200
    db.execute("UPDATE cycles SET announced_at = now() - interval '31 days'"
               " WHERE id = %s", (open_cycle["id"],))
    r = api.post("/api/nominee", json={"token": token})
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "invalid_token"
