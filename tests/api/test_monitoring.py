"""Watching it (issue 26, part 2): GET /api/health reports the mail
backlog and the mailer's last round; GET /api/metrics in Prometheus' text
format, reachable only from the addresses nginx allows; nginx's request
id in its access log and in awards serve's line for the request."""

import os
import re
import signal
import socket
import time

from harness import wait_until


def queue(db, n, status="queued", due="now()"):
    db.execute(
        "INSERT INTO outbox (event, to_address, subject, body, status, "
        "next_attempt_at, message_id, dedupe_key) SELECT 'test', "
        "'ada@example.org', 'Hello', 'Body', %s, " + due + ", "
        "'<' || md5(random()::text || i) || '@localhost>', "
        "'mon-' || md5(random()::text || i) "
        "FROM generate_series(1, %s) AS i", (status, n))


def test_health_reports_backlog_and_mailer_round(api, db, stack):
    wait_until(lambda: api.get("/api/health").json()["mailer"]
               ["last_round_s"] is not None, "a heartbeat", timeout=15)
    body = api.get("/api/health").json()
    assert body["outbox"] == {"due": 0, "oldest_due_s": None, "dead": 0}
    assert 0 <= body["mailer"]["last_round_s"] <= 10
    queue(db, 2, status="dead")
    mailer = stack.procs["mailer"]
    mailer.send_signal(signal.SIGSTOP)
    try:
        # Three due for a minute, one not due yet: a stopped mailer.
        queue(db, 3, due="now() - interval '60 seconds'")
        queue(db, 1, due="now() + interval '1 hour'")
        db.execute("UPDATE mailer_heartbeats "
                   "SET at = now() - interval '90 seconds'")
        body = api.get("/api/health").json()
        assert body["status"] == "ok"
        assert body["outbox"]["due"] == 3
        assert 60 <= body["outbox"]["oldest_due_s"] <= 70
        assert body["outbox"]["dead"] == 2
        assert body["mailer"]["last_round_s"] >= 90
    finally:
        mailer.send_signal(signal.SIGCONT)
    # Back: the backlog drains and the heartbeat is fresh again.
    wait_until(lambda: api.get("/api/health").json()["outbox"]["due"] == 0,
               "the backlog sent", timeout=20)
    wait_until(lambda: api.get("/api/health").json()["mailer"]
               ["last_round_s"] <= 10, "a fresh heartbeat", timeout=20)


def parse(text):
    """{(name, frozenset(labels)): value} of a Prometheus text page."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'([a-z_]+)(?:\{(.*)\})? (\S+)', line)
        assert m, line
        labels = frozenset(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def requests_of(metrics, route, status):
    return metrics.get(("awards_http_requests_total", frozenset(
        {("route", route), ("status", status)})), 0)


def test_metrics_count_requests_and_outbox(api, db, stack):
    stack.procs["mailer"].send_signal(signal.SIGSTOP)
    try:
        queue(db, 4)
        queue(db, 1, status="dead")
        before = parse(api.get("/api/metrics").text)
        for _ in range(5):
            assert api.get("/api/health").status_code == 200
        assert api.get("/api/session").status_code == 401
        r = api.get("/api/metrics")
    finally:
        stack.procs["mailer"].send_signal(signal.SIGCONT)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    after = parse(r.text)
    assert requests_of(after, "GET /api/health", "200") - \
        requests_of(before, "GET /api/health", "200") == 5
    assert requests_of(after, "GET /api/session", "401") - \
        requests_of(before, "GET /api/session", "401") == 1
    count = ("awards_http_request_duration_seconds_count", frozenset())
    inf = ("awards_http_request_duration_seconds_bucket",
           frozenset({("le", "+Inf")}))
    # The six above and the first scrape, at least (others may run).
    assert after[count] - before[count] >= 7
    assert after[inf] == after[count]
    assert ("awards_db_slot_waits_total", frozenset()) in after
    assert after[("awards_outbox_mails",
                  frozenset({("status", "queued")}))] == 4
    assert after[("awards_outbox_mails",
                  frozenset({("status", "dead")}))] == 1
    assert after[("awards_outbox_oldest_queued_seconds", frozenset())] >= 0


def raw_get(port, path, source):
    """GET path from the source address given (another loopback one)."""
    with socket.socket() as s:
        s.settimeout(10)
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n"
                  "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_metrics_only_from_allowed_addresses(stack):
    status, body = raw_get(stack.http_port, "/api/metrics", "127.0.0.2")
    assert status == 403
    assert b'"code":"forbidden"' in body
    # The rest of the API answers that address as any other.
    assert raw_get(stack.http_port, "/api/health", "127.0.0.2")[0] == 200
    assert raw_get(stack.http_port, "/api/metrics", "127.0.0.1")[0] == 200


def test_production_site_limits_metrics():
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    for name in ("production.conf", "awards.conf.in"):
        with open(os.path.join(root, "nginx", name)) as f:
            text = f.read()
        block = re.search(r"location = /api/metrics \{(.*?)\}", text, re.S)
        assert block, name
        rules = re.findall(r"^\s*(allow|deny) (\S+);", block.group(1),
                           re.M)
        assert rules[-1] == ("deny", "all;") or rules[-1] == ("deny", "all")
        assert ("allow", "127.0.0.1") in rules


def test_request_id_in_nginx_and_serve_logs(api, stack):
    r = api.get("/api/health?probe=request-id")
    assert r.status_code == 200
    access = os.path.join(stack.var, "log", "nginx-access.log")
    serve = os.path.join(stack.var, "log", "serve.log")

    def nginx_id():
        with open(access) as f:
            for line in f:
                if "probe=request-id" in line:
                    return re.search(r"req=([0-9a-f]{32})$",
                                     line.strip()).group(1)
        return None
    wait_until(lambda: nginx_id() is not None, "nginx's line", timeout=10)
    rid = nginx_id()

    def serve_line():
        with open(serve) as f:
            return [ln for ln in f if f"req={rid} " in ln]
    # The request's own line, after any other it caused (a reconnect's
    # "db: connected" carries its id too).
    wait_until(lambda: any(re.search(
        r" info req=[0-9a-f]{32} GET /api/health 200 ", ln)
        for ln in serve_line()), "serve's line of the request", timeout=10)
    # Lines outside any request carry none.
    with open(serve) as f:
        assert any("listening on" in ln and "req=" not in ln for ln in f)
