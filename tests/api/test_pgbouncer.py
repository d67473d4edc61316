"""Debian's pgbouncer in front of PostgreSQL (issue 26; docs/operations.md,
"pgbouncer"): in session mode with a pool that holds every thread, awards
serve takes a nomination and a signed-in read through it; with a pool
smaller than its threads, serve refuses to start with one line instead
of running threads that would wait for ever in pgbouncer's queue."""

import shutil
import subprocess
import time

import pytest

from accounts_util import add_user, login
from security_util import second_serve, submit

THREADS = 6


@pytest.fixture(autouse=True)
def pgbouncer_installed():
    """make deps installs Debian's pgbouncer: its absence is a failure,
    never a skipped test."""
    assert shutil.which("pgbouncer") or shutil.which("/usr/sbin/pgbouncer"), \
        "Debian's pgbouncer is not installed (make deps)"


def test_api_through_pgbouncer_in_session_mode(api, db, stack, open_cycle,
                                               mailbox):
    url = stack.start_pgbouncer(pool_size=THREADS + 2)
    try:
        with second_serve(stack, "bouncer", AWARDS_DATABASE_URL=url,
                          AWARDS_THREADS=str(THREADS)) as base:
            through = type(api)(base)
            r = through.get("/api/health")
            assert r.status_code == 200, r.text
            nid = submit(through, open_cycle,
                         nominator="via-bouncer@example.org")
            db.execute("SELECT count(*) FROM nominations WHERE id = %s",
                       (nid,))
            assert db.fetchone()[0] == 1
            mailbox.wait(1, to="via-bouncer@example.org")
            add_user(db, "member-bouncer@example.org", role="committee")
            login(through, "member-bouncer@example.org")
            r = through.get("/api/me/assignments")
            assert r.status_code == 200, r.text
            # Every request ran on pgbouncer's server connections, in the
            # sessions each thread holds: a statement prepared once per
            # thread is found again on its next request.
            for _ in range(3 * THREADS):
                r = through.get("/api/me/assignments")
                assert r.status_code == 200, r.text
            with open(f"{stack.var}/log/serve-bouncer.log") as f:
                log = f.read()
            assert "does not exist" not in log
            assert " error " not in log, log[-2000:]
    finally:
        stack.stop("pgbouncer")


def test_serve_refuses_a_pool_smaller_than_its_threads(stack):
    url = stack.start_pgbouncer(pool_size=THREADS - 2,
                                name="pgbouncer-small")
    env = stack.process_env()
    env["AWARDS_DATABASE_URL"] = url
    env["AWARDS_THREADS"] = str(THREADS)
    env["AWARDS_SOCKET"] = f"{stack.var}/run/small.sock"
    try:
        begun = time.monotonic()
        r = subprocess.run([stack.binary, "serve"], env=env,
                           capture_output=True, text=True, timeout=60)
        took = time.monotonic() - begun
    finally:
        stack.stop("pgbouncer-small")
    assert r.returncode == 1, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "awards serve:" in ln]
    assert lines == [
        f"awards serve: 2 of {THREADS} threads got no database session "
        "in 10 s: the pool of a pooler in front (pgbouncer's pool_size) "
        "must hold AWARDS_THREADS sessions for each serve process "
        "(docs/operations.md)"], r.stderr
    assert took < 30
