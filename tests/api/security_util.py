"""Helpers of the security tests (issue 12): nominations made and
confirmed in a few calls."""

import contextlib
import hashlib
import os
import secrets
import subprocess
import threading
import time

STATEMENT = ("She set up a peer-support line for survivors on campus and "
             "trained forty volunteers to answer it with care.")


def nomination(cycle, nominator="charles@example.org",
               nominee="ada@example.org", category=None, name="Charles"):
    return {
        "cycle_id": cycle["id"],
        "category_id": category or cycle["categories"][0],
        "nominee": {"name": "Ada Lovelace", "email": nominee,
                    "affiliation": "", "role": ""},
        "nominator": {"name": name, "email": nominator,
                      "affiliation": "", "relationship": ""},
        "statement": STATEMENT,
        "consent_contact_nominee": False,
    }


def submit(api, cycle, **kw):
    r = api.post("/api/nominations", json=nomination(cycle, **kw))
    assert r.status_code == 202, r.text
    return r.json()["id"]


def confirmed(api, mailbox, cycle, nominator, count=1, **kw):
    """Submits and confirms a nomination; returns (id, manage token)."""
    nid = submit(api, cycle, nominator=nominator, **kw)
    token = mailbox.link_token(nominator, "confirm", count)
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    return nid, mailbox.link_token(nominator, "manage", count)


def make_token(db, purpose, nomination_id):
    """A live link token of purpose for a nomination, inserted as the
    server would store it (SHA-256 only); returns the token."""
    token = secrets.token_hex(32)
    db.execute("INSERT INTO tokens (hash, purpose, nomination_id, "
               "expires_at) VALUES (%s, %s, %s, now() + interval '1 day')",
               (hashlib.sha256(token.encode()).digest(), purpose,
                nomination_id))
    return token


def make_candidate(db, cycle, key, statuses):
    """A candidate of cycle's first category with one nomination per
    status in statuses; returns (candidate id, [nomination ids])."""
    cat = cycle["categories"][0]
    db.execute("INSERT INTO candidates (cycle_id, category_id, email_key, "
               "nominee_name) VALUES (%s, %s, %s, 'Ada') RETURNING id",
               (cycle["id"], cat, key))
    cand = db.fetchone()[0]
    ids = []
    for i, status in enumerate(statuses):
        db.execute(
            "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
            "nominee_name, nominee_email, nominator_name, nominator_email, "
            "statement, status) VALUES (%s, %s, %s, 'Ada', %s, 'N', %s, "
            "%s, %s) RETURNING id", (cycle["id"], cat, cand, key,
                                     f"n{i}-{key}", STATEMENT, status))
        ids.append(db.fetchone()[0])
    return cand, ids


def at_once(*calls):
    """Runs the calls in threads released together by a barrier; returns
    their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c))
               for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def purge_expired(stack):
    """Runs `awards purge --expired` (the mailer's housekeeping, at once)."""
    out = subprocess.run([stack.binary, "purge", "--expired"],
                         env=stack.process_env(), capture_output=True,
                         text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return out.stdout


def wait_status(db, address, status, timeout=10.0):
    """Waits until the outbox row to address has status; returns its id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.execute("SELECT id FROM outbox WHERE to_address = %s "
                   "AND status = %s", (address, status))
        row = db.fetchone()
        if row:
            return row[0]
        time.sleep(0.05)
    raise AssertionError(f"no {status} mail to {address}")



def log_leaks(var):
    """Log lines of the stack under var holding an address or a token."""
    from stack import log_leaks as leaks
    return leaks(var)


@contextlib.contextmanager
def second_serve(stack, name, **env):
    """Another awards serve (env changes applied; a value None removes
    the variable) on its own socket, behind its own nginx of the shipped
    template (rate limits off); yields that nginx's base URL."""
    from stack import free_port
    penv = stack.process_env()
    for k, v in env.items():
        if v is None:
            penv.pop(k, None)
        else:
            penv[k] = v
    sock = os.path.join(stack.var, "run", f"{name}.sock")
    penv["AWARDS_SOCKET"] = sock
    stack.spawn(f"serve-{name}", [stack.binary, "serve"], env=penv)
    port = free_port()
    saved = dict(stack.extra_env)
    try:
        deadline = time.monotonic() + 15
        while not os.path.exists(sock) and time.monotonic() < deadline:
            time.sleep(0.05)
        stack.extra_env["AWARDS_SOCKET"] = sock
        stack.start_nginx(name=f"nginx-{name}", port=port)
        yield f"http://127.0.0.1:{port}"
    finally:
        stack.extra_env = saved
        stack.stop(f"nginx-{name}")
        stack.stop(f"serve-{name}")
