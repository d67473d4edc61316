"""The leak test of issue 10: in a blind cycle, nothing a member can get
(assignments, candidate, reviews and rankings in deliberation, errors) and
no mail to a member holds any nominator's name or email.  The same walk
through a cycle that is not blind finds them, so the detector works."""

import subprocess

import scoring_util as su


def walk(new_api, db, blind, mailbox, stack):
    """Every response a member gets along a whole cycle, and the mails to
    members; returns (texts, nominator strings)."""
    cyc = su.cycle(db, phase="scoring", blind=blind)
    c1, c2 = cyc["criteria"]
    uid, m = su.member(new_api, db, name="Mo Member")
    uid2, m2 = su.member(new_api, db, name="Ro Reviewer")
    secrets_ = []
    cands = []
    for i in range(2):
        cand, who = su.candidate(db, cyc, cyc["categories"][i],
                                 name=f"Nominee {i}", nominators=2)
        # An ineligible and a withdrawn nomination with their own
        # nominators, whom no member may ever read of either.
        for status in ("ineligible", "withdrawn"):
            db.execute(
                "INSERT INTO nominations (cycle_id, category_id, "
                "candidate_id, nominee_name, nominee_email, nominator_name,"
                " nominator_email, statement, status) SELECT cycle_id, "
                "category_id, candidate_id, nominee_name, nominee_email, "
                "%s, %s, statement, %s FROM nominations WHERE candidate_id "
                "= %s LIMIT 1",
                (f"Hidden {status} Person", f"hidden-{status}@secret.example",
                 status, cand))
            who.append((f"Hidden {status} Person",
                        f"hidden-{status}@secret.example"))
        # Issue 23: a referee's letter of an eligible nomination (members
        # read it with the referee's name, never the address) and one of
        # the ineligible nomination (never read by a member).
        for status, text in (("eligible", f"Shown letter {i} " + "y" * 60),
                             ("ineligible", f"Hidden letter {i} " +
                              "z" * 60)):
            db.execute(
                "INSERT INTO referees (nomination_id, name, email, "
                "relationship, letter) SELECT id, %s, %s, 'mentor', %s "
                "FROM nominations WHERE candidate_id = %s AND status = %s "
                "LIMIT 1", (f"Referee {status} {i}",
                            f"referee-{status}-{i}@secret.example", text,
                            cand, status))
            who.append((f"referee-{status}-{i}@secret.example",
                        text if status == "ineligible" else
                        f"referee-{status}-{i}@secret.example"))
        secrets_ += [x for pair in who for x in pair]
        cands.append(cand)
        su.assign(db, cand, uid)
        su.assign(db, cand, uid2, attested=True)
    texts = []

    def get(api, path, **kw):
        r = api.request(kw.pop("method", "GET"), path, **kw)
        texts.append(r.text + str(dict(r.headers)))
        return r

    get(m, "/api/me/assignments")
    get(m, f"/api/candidates/{cands[0]}")
    get(m, f"/api/candidates/{cands[0]}/review", method="PUT",
        json={"scores": {str(c1): 3}, "final": False})        # 409
    get(m, f"/api/candidates/{cands[0]}/attest", method="POST",
        json={"conflict": False})
    get(m, f"/api/candidates/{cands[0]}")
    get(m, f"/api/candidates/{cands[0]}/review", method="PUT",
        json={"scores": {str(c1): 9}, "final": True})         # 422
    get(m, f"/api/candidates/{cands[0]}/review", method="PUT",
        json={"scores": {str(c1): 4, str(c2): 2}, "final": True})
    get(m, f"/api/candidates/{cands[0]}/reviews")               # 409
    get(m, f"/api/cycles/{cyc['id']}/rankings")                 # 409
    get(m, f"/api/candidates/{cands[1]}/attest", method="POST",
        json={"conflict": True, "reason": "Zed is my cousin"})
    get(m, f"/api/candidates/{cands[1]}")                       # 404
    get(m, "/api/me/assignments")
    su.final_review(db, cands[1], uid2, {c1: 5, c2: 5})
    r = subprocess.run([stack.binary, "remind"], env=stack.process_env(),
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    su.set_phase(db, cyc, "deliberation")
    get(m, f"/api/candidates/{cands[0]}/reviews")
    get(m2, f"/api/candidates/{cands[1]}/reviews")
    get(m, f"/api/cycles/{cyc['id']}/rankings")
    get(m2, f"/api/cycles/{cyc['id']}/rankings")
    get(m2, f"/api/candidates/{cands[1]}")
    get(m2, "/api/me/assignments")
    # Deliberation (issue 22): the threads and the meeting.
    _, org = su.member(new_api, db, name="Olga Organizer",
                       role="organizer")
    get(m, f"/api/candidates/{cands[0]}/comments", method="POST",
        json={"body": "I found the second statement convincing."})
    get(m, f"/api/candidates/{cands[0]}/comments")
    get(m2, f"/api/candidates/{cands[1]}/comments", method="POST",
        json={"body": "Strong case."})
    get(m2, f"/api/candidates/{cands[1]}/comments")
    get(m, f"/api/candidates/{cands[1]}/comments")              # 404
    for cand in cands:
        org.put(f"/api/cycles/{cyc['id']}/meeting",
                json={"candidate_id": cand})
        tag = get(m, f"/api/cycles/{cyc['id']}/meeting").headers.get(
            "ETag", "")
        get(m, f"/api/cycles/{cyc['id']}/meeting",
            headers={"If-None-Match": tag})                     # 304
        get(m2, f"/api/cycles/{cyc['id']}/meeting")
    # Mails to members: the reminder of the one with work left.
    db.execute("SELECT email FROM users WHERE id IN (%s, %s)", (uid, uid2))
    members = [e for (e,) in db.fetchall()]
    db.execute("SELECT email FROM users WHERE id = %s", (uid2,))
    for mail in mailbox.wait(count=1, to=db.fetchone()[0]):
        texts.append(mail.as_string())
    db.execute("SELECT to_address, to_name, subject, body FROM outbox "
               "WHERE to_address = ANY(%s)", (members,))
    texts += [" ".join(row) for row in db.fetchall()]
    return texts, secrets_


def leaks(texts, secrets_):
    return sorted({s for s in secrets_ for t in texts
                   if s.lower() in t.lower()})


def test_blind_cycle_leaks_nothing(new_api, db, mailbox, stack):
    texts, secrets_ = walk(new_api, db, True, mailbox, stack)
    assert len(texts) > 15 and secrets_
    assert leaks(texts, secrets_) == []
    # The letter of the eligible nomination was read, by name.
    assert any("Shown letter 0" in t and "Referee eligible 0" in t
               for t in texts)


def test_detector_finds_nominators_when_not_blind(new_api, db, mailbox,
                                                  stack):
    texts, secrets_ = walk(new_api, db, False, mailbox, stack)
    found = leaks(texts, secrets_)
    # Names of submitted and eligible nominations show; never an email,
    # never an ineligible or withdrawn nomination's nominator.
    assert found and all("@" not in s and "Hidden" not in s for s in found)
