"""The test harness shared by tests/api and tests/web.

One stack per test session, on free ports in a temporary directory:
PostgreSQL, the sanitizer build of `awards serve` and `awards mailer`,
nginx, and an aiosmtpd server living in this process so that tests read
what it received.  Every test starts from empty tables (the schema and the
shipped templates stay).  Everything is torn down even when tests fail.
"""

import email
import email.policy
import os
import re
import shutil
import sys
import tempfile
import threading
import time

import psycopg2
import psycopg2.errors
import pytest
import requests
from aiosmtpd.controller import Controller

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from stack import Stack, free_port, log_leaks  # noqa: E402
from harness import settle, wait_until  # noqa: E402,F401

# Tables emptied before each test; schema_migrations and the shipped
# templates (cycle_id IS NULL) stay.
DATA_TABLES = [
    "audit_log", "outbox", "decisions", "comments", "meetings",
    "review_scores", "reviews",
    "conflicts", "assignments", "login_failures", "login_link_requests",
    "nomination_link_requests", "confirm_mails",
    "sessions", "tokens", "referees",
    "nominations", "candidates", "criteria", "categories", "cycles",
    "users",
]


class MailBox:
    """An aiosmtpd handler that keeps what it receives and can refuse
    chosen recipients with 550, or everything with 451."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Condition()
        self.reject = set()
        self.tempfail = False
        self.refuse_sender = False

    async def handle_MAIL(self, server, session, envelope, address,
                          options):
        if self.refuse_sender:
            return "553 sender not allowed here"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.tempfail:
            return "451 try again later"
        if address in self.reject:
            # As real servers do: the reply names the address.
            return f"550 5.1.1 <{address}>: no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append({
                "to": list(envelope.rcpt_tos),
                "from": envelope.mail_from,
                "raw": envelope.original_content,
            })
            self.lock.notify_all()
        return "250 OK"

    def clear(self):
        with self.lock:
            self.messages.clear()
        self.reject.clear()
        self.tempfail = False
        self.refuse_sender = False

    def wait(self, count=1, timeout=10.0, to=None):
        """Waits for count messages (to one address, if given); returns the
        matching messages, parsed with policy=strict."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                found = [m for m in self.messages
                         if to is None or to in m["to"]]
                if len(found) >= count:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} mail(s) to {to or 'anyone'}, "
                        f"got {len(found)}")
                self.lock.wait(left)
        return [parse_mail(m["raw"]) for m in found]


    def link_token(self, to, page, count=1):
        """The token of the count-th /{page}#token= link mailed to `to`,
        waiting for it (mails may arrive in any order)."""
        for total in range(1, 20):
            found = []
            for msg in self.wait(count=total, to=to):
                text = msg.get_body(("plain",)).get_content()
                found += re.findall(
                    r"/" + page + r"#token=([0-9a-f]{64})", text)
            if len(found) >= count:
                return found[count - 1]
        raise AssertionError(f"no {page} link number {count} to {to}")


def parse_mail(raw):
    return email.message_from_bytes(raw, policy=email.policy.strict)


class Api:
    """requests against the stack's nginx, with the session's CSRF token
    sent on every non-GET once logged in."""

    def __init__(self, base_url):
        self.base = base_url
        self.http = requests.Session()
        self.csrf = None

    def request(self, method, path, json=None, headers=None, **kw):
        h = dict(headers or {})
        if self.csrf and method != "GET" and "X-CSRF-Token" not in h:
            h["X-CSRF-Token"] = self.csrf
        return self.http.request(method, self.base + path, json=json,
                                 headers=h, timeout=30, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


@pytest.fixture(scope="session")
def mailbox():
    box = MailBox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.url = f"smtp://127.0.0.1:{port}"
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def stack(mailbox):
    var = tempfile.mkdtemp(prefix="awards-test-")
    s = Stack(var, http_port=free_port(),
              binary=os.path.join(ROOT, "build", "asan", "awards"),
              smtp_url=mailbox.url, rate_limit="off", threads=48,
              fast_pg=True, public_cache=False, extra_env={
                  "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0",
                  "UBSAN_OPTIONS": "print_stacktrace=1",
                  "AWARDS_MAILER_POLL_MS": "200",
                  # Retries after 100 ms, 200 ms, ... rather than 30 s.
                  "AWARDS_MAILER_BACKOFF_MS": "100",
              })
    try:
        s.start()
        yield s
    finally:
        s.shutdown()
        # No address or token in any log line of the whole run (SPEC §7):
        # a leak fails the run, at the teardown of its last test.
        leaks = log_leaks(var)
        if leaks and not os.environ.get("AWARDS_KEEP_TEST_DIR"):
            shutil.rmtree(var, ignore_errors=True)
        assert not leaks, "log lines with an address or a token: " + \
            "".join(f"\n  {name}: {line.rstrip()}" for name, line
                    in leaks[:20])
        if os.environ.get("AWARDS_KEEP_TEST_DIR"):
            print(f"test stack kept in {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)


@pytest.fixture
def dbconn(stack):
    """A connection of the test's own, as the superuser (tests set rows up
    and empty tables as no application role may): tests may restart
    PostgreSQL."""
    conn = psycopg2.connect(stack.super_url)
    conn.autocommit = True
    yield conn
    conn.close()


@pytest.fixture
def db(dbconn, stack):
    """A cursor on the awards database (autocommit)."""
    with dbconn.cursor() as cur:
        yield cur


# The shipped templates as the migrations made them, read once per
# session: a test may delete or change one (a language's fallback), and
# the next test must find them all again.
SHIPPED_TEMPLATES = []


def empty_tables(conn):
    with conn.cursor() as cur:
        # TRUNCATE cycles empties templates too: keep the shipped ones.
        if not SHIPPED_TEMPLATES:
            cur.execute("SELECT event, subject, body, lang FROM templates "
                        "WHERE cycle_id IS NULL")
            SHIPPED_TEMPLATES.extend(cur.fetchall())
        shipped = SHIPPED_TEMPLATES
        # Replica mode skips the trigger that keeps audit_log append-only.
        cur.execute("SET session_replication_role = replica")
        cur.execute("TRUNCATE " + ", ".join(DATA_TABLES) +
                    ", templates RESTART IDENTITY CASCADE")
        cur.executemany("INSERT INTO templates (event, subject, body, "
                        "lang) VALUES (%s, %s, %s, %s)", shipped)
        cur.execute("SET session_replication_role = DEFAULT")


@pytest.fixture(autouse=True)
def clean(request, mailbox):
    """Empties the data tables before each test that uses the stack."""
    if "stack" not in request.fixturenames and \
            "api" not in request.fixturenames:
        yield
        return
    conn = request.getfixturevalue("dbconn")
    # A request of the previous test may still hold a lock, and after a
    # database restart every serve thread prepares its statements again
    # (each takes locks on the tables): retry a deadlock, for as long as
    # that may take on a loaded machine, rather than fail a test that has
    # not started.
    deadline = time.monotonic() + 60
    while True:
        try:
            empty_tables(conn)
            break
        except psycopg2.errors.DeadlockDetected:
            if time.monotonic() > deadline:
                raise RuntimeError("could not empty the tables")
            time.sleep(0.2)
    mailbox.clear()
    yield


@pytest.fixture
def api(stack):
    return Api(stack.base_url)


@pytest.fixture
def new_api(stack):
    """A factory of independent clients (each with its own cookies)."""
    return lambda: Api(stack.base_url)


def sql_one(cur, query, *args):
    cur.execute(query, args)
    row = cur.fetchone()
    return row[0] if row is not None and len(row) == 1 else row


@pytest.fixture
def open_cycle(db):
    """A cycle open for nominations with two categories and a rubric;
    returns {"id", "categories": [ids], "criteria": [ids]}."""
    db.execute(
        "INSERT INTO cycles (name, phase, nominations_open_at, "
        "nominations_close_at, scoring_close_at) VALUES "
        "('Change-Maker Awards 2027', 'nominations_open', "
        "now() - interval '1 day', now() + interval '30 days', "
        "now() + interval '60 days') RETURNING id")
    cycle = db.fetchone()[0]
    cats = []
    for name in ("Students", "Staff"):
        db.execute("INSERT INTO categories (cycle_id, name, description, "
                   "max_awardees) VALUES (%s, %s, %s, 2) RETURNING id",
                   (cycle, name, f"The {name.lower()} category"))
        cats.append(db.fetchone()[0])
    crits = []
    for name, weight in (("Impact", 2), ("Initiative", 1)):
        db.execute("INSERT INTO criteria (cycle_id, name, weight) VALUES "
                   "(%s, %s, %s) RETURNING id", (cycle, name, weight))
        crits.append(db.fetchone()[0])
    return {"id": cycle, "categories": cats, "criteria": crits}
