"""`awards purge` (issue 11): retention of an announced cycle, and the
sweep of spent sessions, links and failed logins."""

from accounts_util import signed_in
from announce_util import (STATEMENT, add_candidate, add_nomination,
                           decide, make_cycle, pg_dump, run_purge,
                           set_phase)

# Text that exists only in what purge must erase.
ERASED = ["Zanzibar Quokka", "quokka.zanzibar@example.org",
          "Quokka Institute", "quokkas-cousin", "Statement Tangerine",
          "Comment Marmalade", "Conflict Persimmon", "Reason Kumquat",
          "Held Nominator", "Discussion Guava"]
# Text that must stay: the awardee's nominator and statement.
KEPT = ["Ada Nominator", "ada.nominator@example.org",
        "Statement Of The Awardee", "Awardee thread stays"]


def announced_cycle(new_api, db, mailbox):
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db, categories=(("Students", 1),))
    cat = cy["categories"][0]
    ada = add_candidate(db, cy["id"], cat, "Ada Lovelace",
                        affiliation="Analytical Society")
    alan = add_candidate(db, cy["id"], cat, "Alan Turing",
                         affiliation="Bletchley")
    grace = add_candidate(db, cy["id"], cat, "Grace Hopper",
                          affiliation="Navy")
    add_nomination(db, ada, "Ada Nominator", "ada.nominator@example.org",
                   statement="Statement Of The Awardee " + STATEMENT)
    add_nomination(db, alan, "Zanzibar Quokka",
                   "quokka.zanzibar@example.org",
                   nominator_affiliation="Quokka Institute",
                   relationship="quokkas-cousin",
                   statement="Statement Tangerine " + STATEMENT)
    n = add_nomination(db, grace, "Held Nominator", "held@example.org",
                       statement="Statement Tangerine two " + STATEMENT,
                       status="ineligible")
    db.execute("UPDATE nominations SET screening_reason = 'Reason Kumquat' "
               "WHERE id = %s", (n,))
    add_nomination(db, grace, "Eligible Too", "eligible@example.org",
                   statement="Statement Tangerine three " + STATEMENT)
    db.execute("INSERT INTO criteria (cycle_id, name) VALUES (%s, 'Impact') "
               "RETURNING id", (cy["id"],))
    crit = db.fetchone()[0]
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('member@example.org', 'Member', 'committee') RETURNING id")
    member = db.fetchone()[0]
    for cand, comment in ((ada, "Awardee comment stays"),
                          (alan, "Comment Marmalade")):
        db.execute("INSERT INTO reviews (candidate_id, user_id, comment, "
                   "final) VALUES (%s, %s, %s, true) RETURNING id",
                   (cand, member, comment))
        db.execute("INSERT INTO review_scores VALUES (%s, %s, 4)",
                   (db.fetchone()[0], crit))
    db.execute("INSERT INTO conflicts (candidate_id, user_id, source, "
               "reason) VALUES (%s, %s, 'declared', 'Conflict Persimmon')",
               (alan, member))
    # The discussion threads (issue 22): purged with the reviews.
    db.execute("INSERT INTO comments (candidate_id, user_id, body) VALUES "
               "(%s, %s, 'Discussion Guava'), (%s, %s, 'Awardee thread "
               "stays')", (alan, member, ada, member))
    for cand, decision in ((ada, "awardee"), (alan, "not_selected"),
                           (grace, "honorable_mention")):
        assert decide(org, cand, decision).status_code == 200
    set_phase(db, cy["id"], "decided")
    assert org.post(f"/api/cycles/{cy['id']}/announce",
                    json={}).status_code == 200
    # Every announcement mail has left (so none is in flight).
    mailbox.wait(count=6)
    return org, cy, {"ada": ada, "alan": alan, "grace": grace}


def test_purge_erases_non_awarded_and_keeps_awardees(new_api, db, api,
                                                     stack, mailbox):
    org, cy, ids = announced_cycle(new_api, db, mailbox)
    before = api.get(f"/api/cycles/{cy['id']}/awardees").json()
    dump = pg_dump(stack)
    for text in ERASED + KEPT:
        assert text in dump, text  # the test can fail

    # Too recent: nothing happens.
    out = run_purge(stack, "--cycle", str(cy["id"]), "--older-than", "30")
    assert out.returncode == 0, out.stderr
    assert "nothing erased" in out.stdout
    assert "Statement Tangerine" in pg_dump(stack)

    db.execute("UPDATE cycles SET announced_at = now() - interval '31 days'")
    out = run_purge(stack, "--cycle", str(cy["id"]), "--older-than", "30")
    assert out.returncode == 0, out.stderr
    assert f"cycle {cy['id']}: erased" in out.stdout
    assert "3 nominations" in out.stdout
    assert "1 review comments" in out.stdout
    assert "1 conflict reasons" in out.stdout

    dump = pg_dump(stack)
    for text in ERASED:
        assert text not in dump, text
    for text in KEPT:
        assert text in dump, text
    # Counts stay: every nomination and review row is still there.
    db.execute("SELECT count(*), count(*) FILTER (WHERE erased_at IS NOT "
               "NULL) FROM nominations")
    assert db.fetchone() == (4, 3)
    db.execute("SELECT count(*) FROM reviews")
    assert db.fetchone()[0] == 2
    assert api.get(f"/api/cycles/{cy['id']}/awardees").json() == before
    db.execute("SELECT user_id, detail FROM audit_log "
               "WHERE action = 'cycle.purge'")
    [(user, detail)] = db.fetchall()
    assert user is None
    assert detail["nominations"] == 3 and detail["older_than_days"] == 30

    # Twice: nothing more.
    out = run_purge(stack, "--cycle", str(cy["id"]), "--older-than", "30")
    assert out.returncode == 0, out.stderr
    assert "erased 0 mails" in out.stdout
    assert "0 nominations" in out.stdout and "0 review" in out.stdout
    assert pg_dump(stack).count("Statement Of The Awardee") == 1


def test_purge_refuses_a_cycle_not_announced(db, stack):
    cy = make_cycle(db)
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    add_nomination(db, cand, "Zanzibar Quokka", "q@example.org")
    out = run_purge(stack, "--cycle", str(cy["id"]), "--older-than", "0")
    assert out.returncode == 1
    assert "not announced" in out.stderr
    db.execute("SELECT nominator_name FROM nominations")
    assert db.fetchone()[0] == "Zanzibar Quokka"
    assert run_purge(stack, "--cycle", "x", "--older-than", "1"
                     ).returncode == 2
    assert run_purge(stack, "--cycle", "1").returncode == 2


def test_purge_sweeps_sessions_links_and_failures(new_api, db, stack):
    live = signed_in(new_api, db, "organizer")
    db.execute("SELECT user_id FROM sessions")
    uid = db.fetchone()[0]
    for expires, revoked, seen in (("- interval '1 minute'", "NULL",
                                    "now()"),
                                   ("+ interval '1 hour'", "now()", "now()"),
                                   ("+ interval '1 hour'", "NULL",
                                    "now() - interval '3 hours'")):
        db.execute("INSERT INTO sessions (hash, user_id, csrf_token, "
                   "expires_at, revoked_at, last_seen_at) VALUES "
                   "(sha256(random()::text::bytea), %s, 'x', now() " + expires +
                   ", " + revoked + ", " + seen + ")", (uid,))
    for used, expires in (("now() - interval '2 days'", "now() + interval "
                           "'1 day'"),
                          ("NULL", "now() - interval '2 days'"),
                          ("now()", "now() + interval '1 day'"),
                          ("NULL", "now() + interval '1 day'")):
        db.execute("INSERT INTO tokens (hash, purpose, user_id, used_at, "
                   "expires_at) VALUES (sha256(random()::text::bytea), 'login', %s, "
                   + used + ", " + expires + ")", (uid,))
    db.execute("INSERT INTO login_failures (email, address, at) VALUES "
               "('a@example.org', '1.2.3.4', now() - interval '2 days'), "
               "('a@example.org', '1.2.3.4', now())")
    out = run_purge(stack, "--expired")
    assert out.returncode == 0, out.stderr
    assert "swept 3 sessions, 2 links, 1 failed logins" in out.stdout
    db.execute("SELECT count(*) FROM sessions")
    assert db.fetchone()[0] == 1
    assert live.get("/api/session").status_code == 200
    db.execute("SELECT count(*) FROM tokens")
    assert db.fetchone()[0] == 2
    db.execute("SELECT count(*) FROM login_failures")
    assert db.fetchone()[0] == 1
