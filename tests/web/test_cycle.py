"""Running a cycle in Chromium (issue 9): an organizer creates a cycle with
two categories and a three-criterion rubric, opens nominations, screens a
nomination, runs the assignment and sees the loads; before scoring starts
it is told of the letters not in yet."""

from sessions_util import cookie_for

STATEMENT = ("She set up a peer-support line for survivors on campus and "
             "trained forty volunteers to answer it with care.")


def test_organizer_runs_a_cycle(browser, stack, mailbox, db, api):
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('org@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    org = db.fetchone()[0]
    for i in range(3):
        db.execute("INSERT INTO users (email, name, role) VALUES "
                   "(%s, %s, 'committee')",
                   (f"m{i}@example.org", f"Member {i}"))
    cookie = cookie_for(db, org)

    out = browser("cycle.mjs", "build", cookie)
    cycle = int(out.strip().splitlines()[-1])
    db.execute("SELECT phase FROM cycles WHERE id = %s", (cycle,))
    assert db.fetchone()[0] == "nominations_open"
    db.execute("SELECT letters_max, exit_url FROM cycles WHERE id = %s",
               (cycle,))
    assert db.fetchone() == (2, "https://weather.example.org/")
    db.execute("SELECT min_label, max_label FROM criteria "
               "WHERE cycle_id = %s", (cycle,))
    assert db.fetchall() == [("little evidence", "exceptional")] * 3

    current = api.get("/api/cycles/current").json()
    r = api.post("/api/nominations", json={
        "cycle_id": cycle, "category_id": current["categories"][0]["id"],
        "nominee": {"name": "Ada Lovelace", "email": "ada@example.org",
                    "affiliation": "", "role": ""},
        "nominator": {"name": "Charles Babbage",
                      "email": "charles@example.org", "affiliation": "",
                      "relationship": ""},
        "statement": STATEMENT, "consent_contact_nominee": False,
        "referees": [{"name": "Rita Referee", "email": "rita@example.org",
                      "relationship": "Supervisor"}]})
    assert r.status_code == 202, r.text
    token = mailbox.link_token("charles@example.org", "confirm")
    assert api.post("/api/nominations/confirm",
                    json={"token": token}).status_code == 200

    browser("cycle.mjs", "screen", cookie, str(cycle))
    db.execute("SELECT count(*) FROM assignments")
    assert db.fetchone()[0] == 3

    # Rita was asked for a letter and has not written: starting scoring
    # would close her pen before the date her mail gave, and the page
    # says so before the move (cancelled here).
    db.execute("SELECT count(*) FROM referees WHERE asked_at IS NOT NULL "
               "AND letter IS NULL")
    assert db.fetchone()[0] == 1
    db.execute("UPDATE cycles SET phase = 'nominations_closed' "
               "WHERE id = %s", (cycle,))
    browser("cycle.mjs", "letters", cookie, str(cycle))
    db.execute("SELECT phase FROM cycles WHERE id = %s", (cycle,))
    assert db.fetchone()[0] == "nominations_closed"
