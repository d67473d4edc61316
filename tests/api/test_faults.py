"""Nothing is lost past one process (SPEC §2, §7; issue 13): a stack of
its own with two `awards serve` processes behind one nginx upstream (the
second over TCP, as a second host would be) and two mailers takes a
submission load from clients that retry 502 and 503 with the same
Idempotency-Key, while one serve process is SIGKILLed and started again,
PostgreSQL restarts, and one mailer is SIGKILLed mid-batch.

At the end every key has exactly one nomination, every nomination exactly
one confirmation mail at the SMTP server (a duplicate allowed only for a
mail in flight at a fault: the killed mailer's, and one per mailer whose
record of a sent mail met the database restart), and no request got
anything but 202, 502 or 503.
"""

import os
import shutil
import signal
import tempfile
import threading
import time
import uuid

import psycopg2
import pytest
import requests
from aiosmtpd.controller import Controller

from harness import wait_until
from stack import Stack, free_port
from test_mailer import Box

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CLIENTS = 6
PER_CLIENT = 40
STATEMENT = ("They organised bystander training for every team on the "
             "site and kept a quiet room open for anyone who needed it.")


@pytest.fixture
def fault_stack():
    box = Box(delay=0.01)
    smtp = Controller(box, hostname="127.0.0.1", port=free_port())
    smtp.start()
    var = tempfile.mkdtemp(prefix="awards-faults-")
    s = Stack(var, http_port=free_port(),
              binary=os.path.join(ROOT, "build", "asan", "awards"),
              smtp_url=f"smtp://127.0.0.1:{smtp.port}", rate_limit="off",
              threads=48, fast_pg=True, serves=2, mailers=2,
              tcp_serve=True, extra_env={
                  "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0",
                  "AWARDS_MAILER_POLL_MS": "200",
                  "AWARDS_MAILER_BACKOFF_MS": "100",
                  "AWARDS_MAILER_LEASE_S": "3",
                  "AWARDS_MAILER_BATCH": "5",
              })
    try:
        s.start()
        yield s, box
    finally:
        s.shutdown()
        smtp.stop()
        if os.environ.get("AWARDS_KEEP_TEST_DIR"):
            print(f"fault stack kept in {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)


def open_cycle(stack):
    out = stack.psql(
        "WITH c AS (INSERT INTO cycles (name, phase, nominations_open_at, "
        "nominations_close_at, scoring_close_at) VALUES ('Faults', "
        "'nominations_open', now() - interval '1 day', now() + interval "
        "'30 days', now() + interval '60 days') RETURNING id) "
        "INSERT INTO categories (cycle_id, name) SELECT id, 'Everyone' "
        "FROM c RETURNING cycle_id, id")
    cycle_id, category_id = out.strip().split("|")
    return int(cycle_id), int(category_id)


def server_errors(var):
    """The error lines of the serve logs, to name the cause of a 500."""
    lines = []
    for name in sorted(os.listdir(os.path.join(var, "log"))):
        if name.startswith("serve"):
            with open(os.path.join(var, "log", name), errors="replace") as f:
                lines += [ln.rstrip() for ln in f
                          if " error " in ln and "db: prepare" not in ln]
    return lines[-20:]


class Client(threading.Thread):
    """Submits PER_CLIENT nominations, each retried with its own key until
    a 202; counts the statuses it saw."""

    def __init__(self, base_url, cycle, n, progress):
        super().__init__(daemon=True)
        self.base_url = base_url
        self.cycle = cycle
        self.n = n
        self.progress = progress
        self.keys = []
        self.statuses = {}
        self.unexpected = []

    def run(self):
        http = requests.Session()
        for i in range(PER_CLIENT):
            key = uuid.uuid4().hex
            self.keys.append(key)
            tag = f"{self.n}-{i}-{key[:6]}"
            body = {"cycle_id": self.cycle[0],
                    "category_id": self.cycle[1],
                    "nominee": {"name": f"Nominee {tag}",
                                "email": f"nominee-{tag}@example.org",
                                "affiliation": "", "role": ""},
                    "nominator": {"name": f"Nominator {tag}",
                                  "email": f"nominator-{tag}@example.org",
                                  "affiliation": "", "relationship": ""},
                    "statement": STATEMENT,
                    "consent_contact_nominee": False}
            deadline = time.monotonic() + 90
            while True:
                try:
                    r = http.post(self.base_url + "/api/nominations",
                                  json=body, timeout=30,
                                  headers={"Idempotency-Key": key})
                    status = r.status_code
                except requests.ConnectionError:
                    status = "connection"
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 202:
                    break
                if status not in (502, 503):
                    self.unexpected.append((status, key))
                    break
                assert time.monotonic() < deadline, "retried for 90 s"
                time.sleep(0.05)
            with self.progress:
                self.progress.count += 1
                self.progress.notify_all()


def start_load(stack, cycle, clients):
    """Starts clients Client threads submitting to cycle.  Returns them,
    how many nominations they will make in all, after(n), which waits
    until n of them have been answered 202, and the condition whose
    count says how many have been."""
    progress = threading.Condition()
    progress.count = 0
    started = [Client(stack.base_url, cycle, n, progress)
               for n in range(clients)]
    for c in started:
        c.start()

    def after(n):
        with progress:
            progress.wait_for(lambda: progress.count >= n, timeout=120)
    return started, clients * PER_CLIENT, after, progress


def test_faults_lose_nothing(fault_stack, capsys):
    stack, box = fault_stack
    cycle = open_cycle(stack)
    clients, total, after, _ = start_load(stack, cycle, CLIENTS)

    # 1. One serve process dies mid-load and comes back.
    after(total // 6)
    victim = stack.procs["serve"]
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    stack.stop("serve")
    stack.start_serve("serve")
    # 2. PostgreSQL restarts under both serve processes and both mailers.
    after(total // 3)
    stack.stop_postgres()
    time.sleep(0.5)  # the outage itself: requests meet a dead database
    stack.start_postgres()
    # 3. A mailer dies with a batch claimed.
    after(total // 2)
    wait_until(lambda: len(box.messages) >= 10, "mails flowing")
    mailer = stack.procs["mailer2"]
    mailer.send_signal(signal.SIGKILL)
    mailer.wait()
    stack.stop("mailer2")
    stack.start_mailer("mailer2")

    for c in clients:
        c.join(180)
        assert not c.is_alive(), "a client never finished"

    statuses = {}
    for c in clients:
        for k, v in c.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
    unexpected = [u for c in clients for u in c.unexpected]
    assert unexpected == [], (unexpected, server_errors(stack.var))
    assert set(statuses) <= {202, 502, 503}, statuses

    conn = psycopg2.connect(stack.database_url)
    conn.autocommit = True
    cur = conn.cursor()
    keys = [k for c in clients for k in c.keys]
    cur.execute("SELECT idempotency_key, count(*) FROM nominations "
                "GROUP BY idempotency_key")
    rows = dict(cur.fetchall())
    assert len(rows) == total
    assert set(rows) == set(keys)
    assert set(rows.values()) == {1}

    def all_sent():
        cur.execute("SELECT count(*) FROM outbox WHERE event = "
                    "'nomination_created' AND status = 'sent'")
        return cur.fetchone()[0] == total
    wait_until(all_sent, "every confirmation mail sent", timeout=120)
    cur.execute("SELECT message_id FROM outbox "
                "WHERE event = 'nomination_created'")
    expected = {r[0] for r in cur.fetchall()}
    conn.close()
    got = box.message_ids()
    duplicates = len(got) - len(set(got))
    with capsys.disabled():  # the counts, in make check's output too
        print(f"\nfaults: {total} nominations, statuses {statuses}, "
              f"{len(got)} mails received, {duplicates} duplicates")
    assert set(got) == expected
    # Only a mail in flight may go twice: the one its mailer was sending
    # when it died, and one per mailer sent while PostgreSQL restarted
    # (sent, but not recorded: the lease ends and it goes again).
    assert duplicates <= 3
