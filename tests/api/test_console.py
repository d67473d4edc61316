"""The organizer's console routes: the phase table as the pages read it,
the conflicts list and removal, reminders with a preview that sends
nothing, and the purge counted before it erases."""

import subprocess
import os

from scoring_util import (assign, candidate, conflict, cycle, final_review,
                          member, session_for, set_phase)
from accounts_util import add_user

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def organizer(new_api, db):
    return member(new_api, db, role="organizer")[1]


def test_phases_answers_the_code_table(new_api, db):
    org = organizer(new_api, db)
    r = org.get("/api/phases")
    assert r.status_code == 200
    body = r.json()
    assert body["phases"][0] == "draft" and body["phases"][-1] == \
        "announced"
    out = subprocess.run([os.path.join(ROOT, "build", "awards"), "phases"],
                         check=True, capture_output=True, text=True).stdout
    names = [line.split("|")[1].strip(" `")
             for line in out.splitlines()[2:]]
    assert [a["name"] for a in body["actions"]] == names
    purge = [a for a in body["actions"] if a["name"] == "purge"][0]
    assert purge["allowed"] == ["announced"]
    assert "`" not in purge["what"]


def test_conflicts_listed_and_removed(new_api, db):
    org = organizer(new_api, db)
    cyc = cycle(db)
    cand, who = candidate(db, cyc, cyc["categories"][0], name="Hugo Martin")
    declared, _ = member(new_api, db, name="Dee Clared")
    conflict(db, cand, declared, source="declared")
    # A member who nominated the candidate: conflicted by the data.
    nominator = add_user(db, who[0][1], name="Nora Minator",
                         password=None)
    r = org.get(f"/api/cycles/{cyc['id']}/conflicts")
    assert r.status_code == 200
    rows = {c["user_name"]: c for c in r.json()["conflicts"]}
    assert rows["Dee Clared"]["removable"] is True
    assert rows["Dee Clared"]["basis"] == "declared"
    auto = rows["Nora Minator"]
    assert auto["removable"] is False and auto["id"] is None
    assert auto["basis"] == "nominator"
    assert auto["user_id"] == nominator

    r = org.delete(f"/api/conflicts/{rows['Dee Clared']['id']}")
    assert r.status_code == 204
    left = org.get(f"/api/cycles/{cyc['id']}/conflicts").json()
    assert [c["user_name"] for c in left["conflicts"]] == ["Nora Minator"]
    db.execute("SELECT count(*) FROM audit_log WHERE action = "
               "'conflict.delete' AND object_id = %s",
               (rows["Dee Clared"]["id"],))
    assert db.fetchone()[0] == 1

    # An automatic row stored as such cannot be removed either.
    other, _ = member(new_api, db)
    conflict(db, cand, other, source="automatic")
    db.execute("SELECT id FROM conflicts WHERE user_id = %s", (other,))
    r = org.delete(f"/api/conflicts/{db.fetchone()[0]}")
    assert r.status_code == 409 and r.json()["error"]["code"] == "derived"


def test_reminders_preview_sends_nothing_then_send_once(new_api, db):
    org = organizer(new_api, db)
    cyc = cycle(db)
    cand, _ = candidate(db, cyc, cyc["categories"][0])
    cand2, _ = candidate(db, cyc, cyc["categories"][0], name="Bea Two")
    late, _ = member(new_api, db, name="Lee Late")
    done, _ = member(new_api, db, name="Dot Done")
    assign(db, cand, late, attested=True)
    assign(db, cand2, late)
    final_review(db, cand, late, {cyc["criteria"][0]: 3}, final=False)
    assign(db, cand, done, attested=True)
    final_review(db, cand, done, {c: 3 for c in cyc["criteria"]})

    def reminders():
        db.execute("SELECT count(*) FROM outbox WHERE cycle_id = %s AND "
                   "event = 'reminder'", (cyc["id"],))
        return db.fetchone()[0]

    r = org.get(f"/api/cycles/{cyc['id']}/reminders")
    assert r.status_code == 200, r.text
    body = r.json()
    assert [m["name"] for m in body["late"]] == ["Lee Late"]
    assert body["late"][0]["drafts"] == 1
    assert body["late"][0]["not_started"] == 1
    assert body["late"][0]["hours_left"] > 24 * 19
    assert body["would_queue"] == 1
    assert "2" in body["preview"]["subject"]
    assert reminders() == 0

    r = org.post(f"/api/cycles/{cyc['id']}/reminders", json={})
    assert r.status_code == 200 and r.json()["queued"] == 1
    assert reminders() == 1
    again = org.post(f"/api/cycles/{cyc['id']}/reminders", json={})
    assert again.json()["queued"] == 0
    assert again.json()["already_reminded"] == 1
    assert reminders() == 1

    set_phase(db, cyc, "deliberation")
    r = org.post(f"/api/cycles/{cyc['id']}/reminders", json={})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "wrong_phase"


def test_purge_counted_then_erased(new_api, db):
    org = organizer(new_api, db)
    cyc = cycle(db, phase="announced")
    db.execute("UPDATE cycles SET announced_at = now() WHERE id = %s",
               (cyc["id"],))
    kept, _ = candidate(db, cyc, cyc["categories"][0], name="Awardee")
    gone, _ = candidate(db, cyc, cyc["categories"][0], name="Other",
                        nominators=2)
    db.execute("INSERT INTO decisions (candidate_id, decision) VALUES "
               "(%s, 'awardee'), (%s, 'not_selected')", (kept, gone))
    r = org.get(f"/api/cycles/{cyc['id']}/purge")
    assert r.status_code == 200, r.text
    assert r.json()["would_erase"]["nominations"] == 2
    db.execute("SELECT count(*) FROM nominations WHERE candidate_id = %s "
               "AND erased_at IS NULL", (gone,))
    assert db.fetchone()[0] == 2
    r = org.post(f"/api/cycles/{cyc['id']}/purge", json={})
    assert r.status_code == 200
    assert r.json()["erased"]["nominations"] == 2
    db.execute("SELECT count(*) FROM nominations WHERE candidate_id = %s "
               "AND erased_at IS NULL", (gone,))
    assert db.fetchone()[0] == 0
    assert org.get(f"/api/cycles/{cyc['id']}/purge").json()[
        "would_erase"]["nominations"] == 0
    set_phase(db, cyc, "decided")
    r = org.post(f"/api/cycles/{cyc['id']}/purge", json={})
    assert r.status_code == 409
