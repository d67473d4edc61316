"""AWARDS_DB_SLOTS (cgi/server.c): at most that many requests of one
awards serve at the database at once; the others wait in their thread,
and are answered once a slot frees, not refused."""

import threading
import time

import psycopg2
import requests

from harness import wait_until
from security_util import second_serve
from test_nominations import nomination, waiting_submissions

SENT = 5


def test_slots_bound_the_requests_at_the_database(stack, db, open_cycle):
    bodies = [nomination(open_cycle, nominator={
        "name": f"Nominator {i}", "email": f"slots-{i}@example.org",
        "affiliation": "", "relationship": ""}, nominee={
        "name": f"Nominee {i}", "email": f"nominee-{i}@example.org",
        "affiliation": "", "role": ""}) for i in range(SENT)]
    answers = []
    with second_serve(stack, "slots", AWARDS_DB_SLOTS="2") as base:
        # Every submission's foreign-key check waits for the cycle's row.
        hold = psycopg2.connect(stack.super_url)
        try:
            with hold.cursor() as cur:
                cur.execute("SELECT id FROM cycles WHERE id = %s FOR UPDATE",
                            (open_cycle["id"],))
            threads = [threading.Thread(target=lambda b=b: answers.append(
                requests.post(base + "/api/nominations", json=b,
                              timeout=30))) for b in bodies]
            for t in threads:
                t.start()
            wait_until(lambda: waiting_submissions(db) >= 2,
                       "two submissions at the database", timeout=30)
            # Two at the database; the three others wait for a slot (with
            # no slots, all five would soon be waiting on the row): a
            # count sampled, never more than two.
            seen = []
            for _ in range(50):
                seen.append(waiting_submissions(db))
                time.sleep(0.02)
            assert max(seen) == 2, seen
            assert answers == []
        finally:
            hold.rollback()
            hold.close()
        for t in threads:
            t.join(30)
    assert sorted(r.status_code for r in answers) == [202] * SENT
    db.execute("SELECT count(*) FROM nominations")
    assert db.fetchone()[0] == SENT

