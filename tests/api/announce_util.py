"""Helpers of the deciding-and-announcing tests: a cycle in any phase,
with categories, candidates and nominations made directly in SQL (the
screening and scoring endpoints belong to other issues)."""

import itertools
import os
import subprocess

# Cycle ids of these tests never repeat within a run, though every test
# restarts the tables' identities: nginx caches the public awardees list
# by path for a second, and must not answer one test with another's.
_cycle_ids = itertools.count(100000 + os.getpid() % 1000 * 1000)

STATEMENT = ("This person has done remarkable work to prevent harassment "
             "and support survivors in our community for years.")


def make_cycle(db, phase="deliberation", categories=(("Students", 1),),
               announce_to="list@example.org", name="Awards 2027"):
    """A cycle in phase with categories [(name, max_awardees)]; returns
    {"id", "categories": [ids]}."""
    db.execute(
        "INSERT INTO cycles (id, name, phase, nominations_open_at, "
        "nominations_close_at, scoring_close_at, announce_to) VALUES "
        "(%s, %s, %s, now() - interval '60 days', now() - interval "
        "'30 days', now() - interval '10 days', %s) RETURNING id",
        (next(_cycle_ids), name, phase, announce_to))
    cycle = db.fetchone()[0]
    cats = []
    for cname, limit in categories:
        db.execute("INSERT INTO categories (cycle_id, name, max_awardees) "
                   "VALUES (%s, %s, %s) RETURNING id", (cycle, cname, limit))
        cats.append(db.fetchone()[0])
    return {"id": cycle, "categories": cats}


def add_candidate(db, cycle, category, nominee, nominee_email=None,
                  affiliation="Example University"):
    """An active candidate; returns its id."""
    email = nominee_email or nominee.lower().replace(" ", ".") + \
        "@nominee.example.org"
    db.execute("INSERT INTO candidates (cycle_id, category_id, email_key, "
               "nominee_name, nominee_affiliation) VALUES "
               "(%s, %s, %s, %s, %s) RETURNING id",
               (cycle, category, email.lower(), nominee, affiliation))
    return db.fetchone()[0]


def add_nomination(db, candidate, nominator, nominator_email,
                   status="eligible", statement=STATEMENT,
                   nominator_affiliation="Nominator College",
                   relationship="colleague"):
    """A confirmed nomination of candidate; returns its id."""
    db.execute("SELECT cycle_id, category_id, nominee_name, email_key, "
               "nominee_affiliation FROM candidates WHERE id = %s",
               (candidate,))
    cycle, category, name, email, aff = db.fetchone()
    db.execute(
        "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, nominee_affiliation, nominator_name, "
        "nominator_email, nominator_affiliation, nominator_relationship, "
        "statement, status, confirmed_at) VALUES (%s, %s, %s, %s, %s, %s, "
        "%s, %s, %s, %s, %s, %s, now()) RETURNING id",
        (cycle, category, candidate, name, email, aff, nominator,
         nominator_email, nominator_affiliation, relationship, statement,
         status))
    return db.fetchone()[0]


def set_phase(db, cycle, phase):
    db.execute("UPDATE cycles SET phase = %s WHERE id = %s", (phase, cycle))


def decide(api, candidate, decision):
    return api.put(f"/api/candidates/{candidate}/decision",
                   json={"decision": decision})


def outbox_rows(db, cycle):
    """[(event, to_address, to_name, subject, body, status)] of a cycle."""
    db.execute("SELECT event, to_address, to_name, subject, body, status "
               "FROM outbox WHERE cycle_id = %s ORDER BY id", (cycle,))
    return db.fetchall()


def run_purge(stack, *args):
    """Runs `awards purge` against the test stack; returns the process."""
    return subprocess.run([stack.binary, "purge", *args],
                          env=stack.process_env(), capture_output=True,
                          text=True, timeout=60)


def pg_dump(stack):
    """The whole awards database as pg_dump writes it (data included)."""
    return subprocess.run(["pg_dump", stack.super_url],
                          capture_output=True, text=True, check=True,
                          timeout=120).stdout
