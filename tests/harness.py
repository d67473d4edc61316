"""How tests wait: for an event, with a deadline, never a bare sleep.
Shared by tests/api and tests/web (import harness)."""

import os
import time


def wait_until(check, what, timeout=20.0):
    """Polls check() until it returns something true, and returns that;
    fails naming what was awaited once timeout seconds have passed.  The
    one way tests wait: for an event, with a deadline, never a bare
    sleep."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def settle(cur, mailbox, timeout=20.0):
    """Proves the mailer has been round its loop since now: queues a
    sentinel mail after everything queued so far, waits until it
    arrives, and drops it from the mailbox.  Tests that must show that
    something did NOT happen (no second copy, a held mail still held)
    assert after settle() rather than after a sleep."""
    to = "settle-" + os.urandom(4).hex() + "@example.org"
    cur.execute(
        "INSERT INTO outbox (event, to_address, subject, body, message_id, "
        "dedupe_key) VALUES ('settle', %s, 'settle', 'settle', "
        "'<' || md5(random()::text) || '@localhost>', %s)", (to, to))
    cur.execute("SELECT pg_notify('awards_outbox', '')")
    mailbox.wait(1, to=to, timeout=timeout)
    with mailbox.lock:
        mailbox.messages[:] = [m for m in mailbox.messages
                               if to not in m["to"]]
