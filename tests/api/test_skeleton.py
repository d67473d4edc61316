"""The walking skeleton: health, the open cycle, malformed requests,
database loss and recovery, graceful shutdown."""

import os
import re
import signal
import threading
import time

import psycopg2
import pytest
import requests

from harness import wait_until


def test_health_ok(api):
    r = api.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.headers["Content-Type"].startswith("application/json")


def test_no_open_cycle_is_404(api):
    r = api.get("/api/cycles/current")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "no_open_cycle"


def test_current_cycle_shape(api, open_cycle):
    r = api.get("/api/cycles/current")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == open_cycle["id"]
    assert body["name"] == "Change-Maker Awards 2027"
    assert body["phase"] == "nominations_open"
    assert body["nominations_close_at"].endswith("Z")
    assert [c["id"] for c in body["categories"]] == open_cycle["categories"]
    assert body["categories"][0] == {
        "id": open_cycle["categories"][0], "name": "Students",
        "description": "The students category"}


def test_draft_cycle_is_not_current(api, db, open_cycle):
    db.execute("UPDATE cycles SET phase = 'draft'")
    assert api.get("/api/cycles/current").status_code == 404


def test_unknown_path_is_404_json(api):
    r = api.get("/api/no/such/thing")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_wrong_method_is_405_with_allow(api):
    r = api.post("/api/health", json={})
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET"
    assert r.json()["error"]["code"] == "method_not_allowed"


def test_body_over_128k_is_413(api):
    r = api.post("/api/health", data=b"x" * (128 * 1024 + 1),
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "body_too_large"


def test_security_headers(api):
    r = api.get("/api/health")
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    page = api.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_database_down_then_back(api, stack):
    assert api.get("/api/health").status_code == 200
    stack.stop_postgres()
    try:
        r = api.get("/api/health")
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "unavailable"
        r = api.get("/api/cycles/current")
        assert r.status_code == 503
    finally:
        stack.start_postgres()
    # Every thread reconnects on its own; no restart of awards serve, and
    # not one more 503 once the database is back.
    for _ in range(60):
        assert api.get("/api/health").status_code == 200


def test_idle_through_database_restart(api, stack):
    # Threads that held a connection through the restart find it dead on
    # their next query: they reconnect and answer, never a 503.
    for _ in range(30):
        assert api.get("/api/health").status_code == 200
    stack.stop_postgres()
    stack.start_postgres()
    for _ in range(60):
        assert api.get("/api/health").status_code == 200
    assert stack.procs["serve"].poll() is None


def test_sigterm_lets_a_slow_request_finish(api, stack, open_cycle):
    # Hold a lock so that GET /api/cycles/current waits on the database.
    locker = psycopg2.connect(stack.database_url)
    cur = locker.cursor()
    cur.execute("LOCK TABLE cycles IN ACCESS EXCLUSIVE MODE")
    result = {}

    def slow():
        result["r"] = requests.get(stack.base_url + "/api/cycles/current",
                                   timeout=30)

    t = threading.Thread(target=slow)
    t.start()
    watcher = psycopg2.connect(stack.database_url)
    watcher.autocommit = True
    with watcher.cursor() as w:
        def waiting():
            w.execute("SELECT count(*) FROM pg_stat_activity "
                      "WHERE wait_event_type = 'Lock'")
            return w.fetchone()[0] > 0
        wait_until(waiting, "the request to wait on the lock")
    watcher.close()
    serve = stack.procs["serve"]
    log = os.path.join(stack.var, "log", "serve.log")
    offset = os.path.getsize(log)
    serve.send_signal(signal.SIGTERM)

    def told():
        with open(log, "rb") as f:
            f.seek(offset)
            return b"finishing requests in flight" in f.read()
    wait_until(told, "serve to take the signal")
    assert serve.poll() is None, "serve exited with a request in flight"
    locker.rollback()
    locker.close()
    t.join(10)
    assert result["r"].status_code == 200
    assert result["r"].json()["id"] == open_cycle["id"]
    started = time.monotonic()
    assert serve.wait(5) == 0
    assert time.monotonic() - started < 5
    # New connections are refused now; start it again for later tests.
    stack.stop("serve")
    stack.start_serve()
    assert api.get("/api/health").status_code == 200


def test_sigterm_idle_exits_fast(stack, api):
    assert api.get("/api/health").status_code == 200
    serve = stack.procs["serve"]
    started = time.monotonic()
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(5) == 0
    assert time.monotonic() - started < 5
    stack.stop("serve")
    stack.start_serve()
    assert api.get("/api/health").status_code == 200


@pytest.mark.parametrize("name,value", [("AWARDS_THREADS", "many"),
                                        ("AWARDS_DB_SLOTS", "0")])
def test_bad_configuration_stops_startup(stack, name, value):
    import subprocess
    env = stack.process_env()
    env[name] = value
    p = subprocess.run([stack.binary, "serve"], env=env,
                       capture_output=True, text=True, timeout=10)
    assert p.returncode != 0
    assert name in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_smtp_password_never_in_clear_text(stack):
    import subprocess
    env = stack.process_env()
    env.update(AWARDS_SMTP_USER="awards", AWARDS_SMTP_PASSWORD="secret",
               AWARDS_SMTP_URL="smtp://127.0.0.1:25",
               AWARDS_SMTP_STARTTLS="optional")
    p = subprocess.run([stack.binary, "mailer"], env=env,
                       capture_output=True, text=True, timeout=10)
    assert p.returncode != 0
    assert "AWARDS_SMTP_STARTTLS=required" in p.stderr


def test_migrate_twice_and_concurrently(stack):
    import subprocess
    procs = [subprocess.Popen([stack.binary, "migrate"],
                              env=stack.process_env(),
                              stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=30)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert all("nothing to apply" in o for o in outs)
    assert stack.psql("SELECT count(*) FROM schema_migrations").strip() \
        == str(len([f for f in os.listdir(os.path.join(
            os.path.dirname(stack.binary), "..", "..", "sql"))
            if re.match(r"^[0-9]{4}_.*\.sql$", f)]))
