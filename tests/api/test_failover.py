"""Failover without split data (issue 26; docs/operations.md, "Fail
over"): a primary with a streaming standby in synchronous commit, and
awards serve on a multi-host URL with target_session_attrs=read-write.
Under a submission load from clients that retry 502 and 503 with the
same Idempotency-Key, the primary crashes (an immediate stop: no
shutdown checkpoint), the standby is promoted, and the old primary is
fenced: pg_rewind makes it a standby of the new primary, and it comes
back read-only, which serve's URL skips.

At the end every key has exactly one nomination in the new primary (a
202 was answered only once the standby had the commit), no request got
anything but 202, 502 or 503, and exactly one server accepts writes.
"""

import os
import shutil
import subprocess
import tempfile

import psycopg2
import pytest
from aiosmtpd.controller import Controller

from harness import wait_until
from test_mailer import Box
from stack import PG_BIN, IS_ROOT, Stack, as_postgres, free_port
# Each client submits test_faults.PER_CLIENT nominations (start_load).
from test_faults import open_cycle, server_errors, start_load

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CLIENTS = 4
# Both servers: checksumless clusters need wal_log_hints for pg_rewind.
SETTINGS = ("wal_log_hints=on", "fsync=off")


def pg_ctl(pgdata, *args):
    subprocess.run(as_postgres([f"{PG_BIN}/pg_ctl", "-D", pgdata, "-w",
                                "-s"] + list(args)), check=True)


def start_standby(pgdata, sockets):
    """Starts the standby cluster at pgdata, its unix socket in the
    directory sockets (outside pgdata: pg_rewind copies every file of a
    running source's pgdata, and fails on a socket)."""
    # A copy of the other server's files (pg_basebackup, pg_rewind)
    # brings its socket's lock, naming a postmaster that is alive.
    lock = os.path.join(pgdata, ".s.PGSQL.5432.lock")
    if os.path.exists(lock):
        os.unlink(lock)
    opts = (f"-c listen_addresses='' -c unix_socket_directories="
            f"'{sockets}' -c log_error_verbosity=terse -c max_connections=300 "
            + " ".join(f"-c {s}" for s in SETTINGS))
    pg_ctl(pgdata, "-l", os.path.join(pgdata, "server.log"), "-o", opts,
           "start")


def in_recovery(sockets):
    return psycopg2_one(f"host={sockets} dbname=postgres user=postgres "
                        "connect_timeout=10",
                        "SELECT pg_is_in_recovery()")


def psycopg2_one(url, sql, *args):
    conn = psycopg2.connect(url)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def replicated_stack():
    # A mail server of its own: the session's mailbox is for other tests.
    box = Box(delay=0)
    smtp = Controller(box, hostname="127.0.0.1", port=free_port())
    smtp.start()
    var = tempfile.mkdtemp(prefix="awards-failover-")
    s = Stack(var, http_port=free_port(),
              binary=os.path.join(ROOT, "build", "asan", "awards"),
              smtp_url=f"smtp://127.0.0.1:{smtp.port}", rate_limit="off",
              threads=16,
              public_cache=False,
              pg_settings=SETTINGS,
              extra_env={"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0",
                         "AWARDS_MAILER_POLL_MS": "200",
                         "AWARDS_MAILER_BACKOFF_MS": "100",
                         "AWARDS_MAILER_LEASE_S": "3"})
    standby = os.path.join(var, "standby")
    sockets = os.path.join(var, "standby-run")
    started = False
    try:
        s.start_postgres()
        # In the configuration file too: pg_rewind's recovery of the
        # crashed cluster reads that, not the command line; and WAL kept
        # back to the last checkpoint both servers share, which that
        # recovery's own checkpoint would otherwise recycle.
        s.psql_admin("ALTER SYSTEM SET wal_log_hints = on")
        s.psql_admin("ALTER SYSTEM SET wal_keep_size = '256MB'")
        s.migrate()
        # The standby: a base backup of the primary, streaming from it
        # (-R writes standby.signal and primary_conninfo).
        for d in (standby, sockets):
            os.makedirs(d, mode=0o700)
            if IS_ROOT:
                shutil.chown(d, "postgres", "postgres")
        subprocess.run(as_postgres([
            f"{PG_BIN}/pg_basebackup", "-D", standby, "-h", s.pgdata,
            "-U", "postgres", "-R", "-X", "stream", "-c", "fast"]),
            check=True, capture_output=True)
        start_standby(standby, sockets)
        started = True
        # Synchronous from now on (set before, the set-up's own commits
        # would wait for a standby not yet there): a commit returns once
        # the standby has flushed it.
        s.psql_admin("ALTER SYSTEM SET synchronous_standby_names = '*'")
        s.psql_admin("SELECT pg_reload_conf()")
        # Every process finds the primary by itself, wherever it is.
        s.database_url = (f"host={s.pgdata},{sockets} dbname=awards "
                          "user=awards_app connect_timeout=5 "
                          "target_session_attrs=read-write")
        for name in s.serve_names():
            s.start_serve(name)
        s.start_mailer()
        s.start_nginx()
        yield s, standby, sockets, box
    finally:
        s.shutdown()
        smtp.stop()
        if started:
            subprocess.run(as_postgres([
                f"{PG_BIN}/pg_ctl", "-D", standby, "-w", "-s", "-m",
                "immediate", "stop"]), check=False)
        if os.environ.get("AWARDS_KEEP_TEST_DIR"):
            print(f"failover stack kept in {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)


def test_failover_keeps_every_answered_nomination_once(replicated_stack,
                                                       capsys):
    stack, standby, sockets, box = replicated_stack
    primary = stack.pgdata
    # Synchronous: the primary waits for this standby's flush.
    wait_until(lambda: psycopg2_one(
        stack.admin_url, "SELECT sync_state FROM pg_stat_replication") ==
        "sync", "the standby in synchronous replication")
    cycle = open_cycle(stack)
    clients, total, after, progress = start_load(stack, cycle, CLIENTS)

    after(total // 3)
    # The primary crashes: no shutdown checkpoint, commits in flight
    # lost on it, as a power cut would.
    pg_ctl(primary, "-m", "immediate", "stop")
    stack.pg_running = False
    with progress:
        at_crash = progress.count
    pg_ctl(standby, "promote")
    # pg_rewind reads the new timeline from the source's control file,
    # which a promotion updates only at its next checkpoint: without
    # this it finds "no rewind required" and the old primary keeps the
    # commits the standby never had.
    psycopg2_one(f"host={sockets} dbname=postgres user=postgres",
                 "CHECKPOINT; SELECT 1")
    # Fenced before it may start again: rewound onto the new primary's
    # history (pg_rewind first recovers the crashed cluster alone) and
    # made its standby, so it comes back read-only.
    r = subprocess.run(as_postgres([
        f"{PG_BIN}/pg_rewind", "--target-pgdata", primary,
        "--source-server", f"host={sockets} dbname=postgres user=postgres",
        "--write-recovery-conf"]), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    start_standby(primary, primary)
    stack.pg_running = True

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
    assert at_crash < total, "the load ended before the crash"

    assert in_recovery(primary) is True
    assert in_recovery(sockets) is False
    conn = psycopg2.connect(f"host={sockets} dbname=awards user=postgres")
    conn.autocommit = True
    cur = conn.cursor()
    keys = [k for c in clients for k in c.keys]
    cur.execute("SELECT idempotency_key, count(*) FROM nominations "
                "GROUP BY idempotency_key")
    rows = dict(cur.fetchall())
    assert set(rows) == set(keys)
    assert set(rows.values()) == {1}

    # The mailer found the new primary too: every confirmation sent.
    def all_sent():
        cur.execute("SELECT count(*) FROM outbox WHERE event = "
                    "'nomination_created' AND status = 'sent'")
        return cur.fetchone()[0] == total
    wait_until(all_sent, "every confirmation mail sent", timeout=60)
    cur.execute("SELECT message_id FROM outbox "
                "WHERE event = 'nomination_created'")
    assert {r[0] for r in cur.fetchall()} <= set(box.message_ids())
    conn.close()
    # The old primary, now a standby, streams the same rows.
    old = psycopg2.connect(f"host={primary} dbname=awards user=postgres")
    old.autocommit = True
    with old.cursor() as ocur:
        def caught_up():
            ocur.execute("SELECT count(*) FROM nominations")
            return ocur.fetchone()[0] == total
        wait_until(caught_up, "the fenced primary streaming")
    old.close()
    with capsys.disabled():
        print(f"\nfailover: {total} nominations, {at_crash} answered "
              f"before the crash, statuses {statuses}")
