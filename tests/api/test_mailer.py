"""awards mailer against a real aiosmtpd server (issue 3): mails arrive
once and parse strictly, retries, dead letters, crashes, several mailers.

No HTTP endpoint queues mail yet, so these tests queue rows with SQL the
way outbox_queue() does (a Message-ID, a dedupe key, pg_notify)."""

import asyncio
import email.header
import os
import signal
import subprocess
import threading
import uuid

import psycopg2
import psycopg2.errors
import pytest

from harness import settle, wait_until
from aiosmtpd.controller import Controller

from stack import free_port

ADA = "ada@example.org"

# The line every mail ends with (issue 14): no cycle names a contact
# here, so it is the sender address, AWARDS_MAIL_FROM.
CONTACT_LINE = ("\nQuestions, or something went wrong? Write to the "
                "organizers:\nawards@localhost\n")


def message_id():
    return f"<{uuid.uuid4().hex}@localhost>"


def queue(db, to=ADA, name="Ada Lovelace", subject="Hello",
          body="Hello there.\n", status="queued", dedupe=None):
    """Queues one mail and wakes the mailers; returns (id, Message-ID)."""
    mid = message_id()
    db.execute(
        "INSERT INTO outbox (event, to_address, to_name, subject, body, "
        "status, message_id, dedupe_key) VALUES ('test', %s, %s, %s, %s, "
        "%s, %s, %s) RETURNING id",
        (to, name, subject, body, status, mid, dedupe or mid))
    row_id = db.fetchone()[0]
    db.execute("SELECT pg_notify('awards_outbox', '')")
    return row_id, mid


def queue_many(db, n, to=ADA):
    """Queues n mails in one statement; returns their Message-IDs."""
    db.execute(
        "INSERT INTO outbox (event, to_address, to_name, subject, body, "
        "message_id, dedupe_key) SELECT 'test', %s, 'Ada', "
        "'Mail ' || i, 'Body ' || i, "
        "'<' || md5(random()::text || i) || '@localhost>', "
        "'bulk-' || i || '-' || md5(random()::text) "
        "FROM generate_series(1, %s) AS i RETURNING message_id", (to, n))
    ids = [r[0] for r in db.fetchall()]
    db.execute("SELECT pg_notify('awards_outbox', '')")
    return ids


def row(db, row_id):
    db.execute("SELECT status, attempts, last_error, sent_at "
               "FROM outbox WHERE id = %s", (row_id,))
    return db.fetchone()


def count(db, where="true"):
    db.execute("SELECT count(*) FROM outbox WHERE " + where)
    return db.fetchone()[0]


def assert_strict(msg):
    """No defect in the message or in any of its headers."""
    assert msg.defects == []
    for name in msg.keys():
        assert msg[name].defects == (), (name, msg[name].defects)


def raw_lines(raw):
    assert b"\n" not in raw.replace(b"\r\n", b"")
    return raw.split(b"\r\n")


class Box:
    """A server of the test's own: receives, optionally slowly."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.messages = []
        self.receiving = 0      # DATA commands begun, answered or not
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.receiving += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(envelope.original_content)
        return "250 OK"

    def message_ids(self):
        with self.lock:
            raw = list(self.messages)
        out = []
        for m in raw:
            for line in m.split(b"\r\n"):
                if line.startswith(b"Message-ID: "):
                    out.append(line[12:].decode())
                    break
        return out


@pytest.fixture
def servers():
    """Starts SMTP servers of the test's own; stops them afterwards."""
    running = []

    def start(box, port=None):
        c = Controller(box, hostname="127.0.0.1", port=port or free_port())
        c.start()
        running.append(c)
        return f"smtp://127.0.0.1:{c.port}"

    yield start
    for c in running:
        c.stop()


@pytest.fixture
def mailers(stack):
    """Stops the stack's mailer so that a test runs mailers of its own,
    with settings of its own; puts the stack's mailer back afterwards."""
    stack.stop("mailer")
    started = []

    def start(name="mailer-test", **settings):
        env = stack.process_env()
        env.update({k: str(v) for k, v in settings.items()})
        started.append(name)
        return started_mailer(stack, name, lambda: stack.spawn(
            name, [stack.binary, "mailer"], env=env))

    yield start
    for name in started:
        stack.stop(name)
    started_mailer(stack, "mailer", stack.start_mailer)


def started_mailer(stack, name, spawn):
    """Runs spawn() and waits until that mailer has its signal handlers
    and its database connection; returns its process."""
    log = os.path.join(stack.var, "log", f"{name}.log")
    offset = os.path.getsize(log) if os.path.exists(log) else 0
    spawn()

    def ready():
        with open(log, "rb") as f:
            f.seek(offset)
            return b"mailer: listening" in f.read()
    wait_until(ready, f"{name} to connect and listen")
    return stack.procs[name]


def test_mail_arrives_once_and_parses_strictly(db, mailbox):
    row_id, mid = queue(db, subject="Please confirm your nomination",
                        body="Hello Ada,\n\nOpen http://x/confirm#token=T\n")
    [msg] = mailbox.wait(1)
    assert_strict(msg)
    assert msg["Message-ID"] == mid
    assert msg["To"].addresses[0].addr_spec == ADA
    assert msg["To"].addresses[0].display_name == "Ada Lovelace"
    assert msg["From"].addresses[0].addr_spec == "awards@localhost"
    assert msg["Subject"] == "Please confirm your nomination"
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg["Date"].datetime is not None
    assert msg.get_content().replace("\r\n", "\n") == \
        "Hello Ada,\n\nOpen http://x/confirm#token=T\n" + CONTACT_LINE
    status, attempts, _, sent_at = wait_until(
        lambda: (r := row(db, row_id))[0] == "sent" and r, "status sent")
    assert attempts == 1 and sent_at is not None
    settle(db, mailbox)  # the mailer went round again: still once
    assert len(mailbox.messages) == 1
    assert mailbox.messages[0]["to"] == [ADA]


def raw_header(raw, name):
    """The unfolded value of header name in raw."""
    head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b" ")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(name.lower().encode() + b": "):
            return line[len(name) + 2:].decode("ascii")
    raise AssertionError(f"no {name} header")


def test_sent_body_is_erased(db, mailbox):
    # The body may hold a live link: once sent, it is kept nowhere.
    row_id, _ = queue(db, body="Your link: http://x/login#token=abc\n")
    mailbox.wait(1)
    wait_until(lambda: row(db, row_id)[0] == "sent", "the row marked sent")
    db.execute("SELECT body FROM outbox WHERE id = %s", (row_id,))
    assert db.fetchone()[0] == ""


def test_non_latin_subject_and_name_intact(db, mailbox):
    name = "Олена Коваленко 李小龙"  # one encoded-word
    subject = ("Ваша номінація прийнята — 您的提名已确认 — "
               "تم استلام ترشيحك — Change-Maker Awards 2027")
    queue(db, name=name, subject=subject, body="Дякуємо! 谢谢 شكرا\n")
    [msg] = mailbox.wait(1)
    assert_strict(msg)
    assert msg["Subject"] == subject
    assert msg["To"].addresses[0].display_name == name
    assert msg["To"].addresses[0].addr_spec == ADA
    assert msg.get_content().replace("\r\n", "\n") == \
        "Дякуємо! 谢谢 شكرا\n" + CONTACT_LINE
    raw = mailbox.messages[0]["raw"]
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # 7-bit headers: encoded-words
    assert all(len(line) <= 78 for line in raw_lines(raw))


def test_long_non_latin_name_folds_and_decodes(db, mailbox):
    # Too long for one encoded-word.  Python's address parser reads the
    # space between two encoded-words as text, against RFC 2047 6.2, so
    # the name is checked with its RFC 2047 decoder instead.
    name = "Олена Коваленко-Шевчук 李小龙 مريم " * 3 + "Jr"
    queue(db, name=name)
    [msg] = mailbox.wait(1)
    assert_strict(msg)
    raw = mailbox.messages[0]["raw"]
    assert all(len(line) <= 78 for line in raw_lines(raw))
    to = raw_header(raw, "To")
    assert to.count("=?utf-8?B?") > 1
    decoded = str(email.header.make_header(email.header.decode_header(to)))
    assert decoded == f"{name} <{ADA}>"
    assert msg["To"].addresses[0].addr_spec == ADA


def test_ascii_name_needing_quotes(db, mailbox):
    name = 'Ada "Countess" Lovelace, Jr.'
    queue(db, name=name)
    [msg] = mailbox.wait(1)
    assert_strict(msg)
    assert msg["To"].addresses[0].display_name == name


def test_dot_line_and_long_line_arrive_intact(db, mailbox):
    body = ("First line\n.\n.leading dot\n..two dots\n" + "x" * 2000 +
            "\n" + "é" * 1000 + "\ntrailing space \nlast")
    queue(db, body=body)
    [msg] = mailbox.wait(1)
    assert_strict(msg)
    assert msg.get_content().replace("\r\n", "\n") == \
        body + "\n" + CONTACT_LINE
    assert all(len(line) <= 78 for line in raw_lines(
        mailbox.messages[0]["raw"]))


def test_listen_sends_without_waiting_for_the_poll(db, mailbox, mailers):
    # The poll is a minute: a mail within half of it was woken for (a
    # bound on a loaded machine, not a stopwatch).
    mailers(AWARDS_MAILER_POLL_MS=60000)
    queue(db)
    mailbox.wait(1, timeout=30)


def test_held_mail_waits_until_released(db, mailbox):
    row_id, mid = queue(db, status="held")
    settle(db, mailbox)  # a mail queued after it went out
    assert mailbox.messages == []
    assert row(db, row_id)[0] == "held"
    db.execute("UPDATE outbox SET status = 'queued' WHERE id = %s",
               (row_id,))
    db.execute("SELECT pg_notify('awards_outbox', '')")
    [msg] = mailbox.wait(1)
    assert msg["Message-ID"] == mid


def test_mails_leave_in_the_order_queued(db, mailbox):
    # Held rows released newest first: their new row versions lie in the
    # table in reverse order, which is the order an unsorted RETURNING of
    # the claim gives.  A nominator's receipt must never overtake the
    # confirmation link queued before it.
    rows = [queue(db, subject=f"Mail {i}", status="held") for i in range(8)]
    # In one transaction: a mailer woken (or polling) between two updates
    # would otherwise claim the newest rows alone, before the older ones
    # are released at all.
    db.execute("BEGIN")
    for row_id, _ in reversed(rows):
        db.execute("UPDATE outbox SET status = 'queued' WHERE id = %s",
                   (row_id,))
    db.execute("SELECT pg_notify('awards_outbox', '')")
    db.execute("COMMIT")
    got = [m["Message-ID"] for m in mailbox.wait(8)]
    assert got == [mid for _, mid in rows]


def test_dedupe_key_queues_once(db, mailbox):
    for _ in range(2):
        db.execute(
            "INSERT INTO outbox (event, to_address, subject, body, "
            "message_id, dedupe_key) VALUES ('test', %s, 's', 'b', %s, "
            "'nomination-42-created') ON CONFLICT (dedupe_key) DO NOTHING",
            (ADA, message_id()))
    with pytest.raises(psycopg2.errors.UniqueViolation):
        db.execute(
            "INSERT INTO outbox (event, to_address, subject, body, "
            "message_id, dedupe_key) VALUES ('test', %s, 's', 'b', %s, "
            "'nomination-42-created')", (ADA, message_id()))
    assert count(db) == 1
    db.execute("SELECT pg_notify('awards_outbox', '')")
    mailbox.wait(1)
    settle(db, mailbox)
    assert len(mailbox.messages) == 1


def test_server_tempfail_then_back(db, mailbox):
    mailbox.tempfail = True
    try:
        ids = [queue(db)[0] for _ in range(3)]
        wait_until(lambda: count(
            db, "attempts >= 2 AND status IN ('queued', 'sending') AND "
            "last_error LIKE '%451 try again later%'") == 3,
            "retries with the server's answer kept")
        assert mailbox.messages == []
    finally:
        mailbox.tempfail = False
    msgs = mailbox.wait(3)
    assert sorted(m["Message-ID"] for m in msgs) == \
        sorted(set(m["Message-ID"] for m in msgs))
    wait_until(lambda: count(db, "status = 'sent'") == 3, "all sent")
    settle(db, mailbox)
    assert len(mailbox.messages) == 3
    for i in ids:
        assert row(db, i)[1] >= 3


def test_server_down_then_up(db, mailers, servers):
    port = free_port()
    mailers(AWARDS_SMTP_URL=f"smtp://127.0.0.1:{port}")
    mids = [queue(db)[1] for _ in range(5)]
    wait_until(lambda: count(
        db, "attempts >= 2 AND status IN ('queued', 'sending') AND "
        "last_error IS NOT NULL") == 5, "failed attempts recorded")
    db.execute("SELECT DISTINCT last_error FROM outbox")
    errors = [r[0] for r in db.fetchall()]
    assert any("connect" in e.lower() for e in errors), errors
    box = Box()
    servers(box, port)
    wait_until(lambda: len(box.messages) >= 5, "5 mails", timeout=30)
    # A row is recorded sent after its mail left, and is never claimed
    # again: once all five are, nothing more can arrive.
    wait_until(lambda: count(db, "status = 'sent'") == 5, "all sent")
    assert sorted(box.message_ids()) == sorted(mids)


def test_starttls_required_but_not_offered_waits(db, mailbox, mailers):
    # The test server offers no STARTTLS: nothing may go in clear text,
    # and a configuration error must not kill the mails.
    mailers(AWARDS_SMTP_STARTTLS="required")
    row_id, _ = queue(db)
    status, attempts, error, _ = wait_until(
        lambda: (r := row(db, row_id))[1] >= 2 and r, "two attempts")
    assert status in ("queued", "sending")
    assert error
    assert mailbox.messages == []


def test_550_for_one_recipient_is_dead_others_go_on(db, mailbox):
    mailbox.reject.add("ghost@example.org")
    try:
        first, _ = queue(db, to="one@example.org")
        ghost, _ = queue(db, to="ghost@example.org")
        last, _ = queue(db, to="two@example.org")
        mailbox.wait(1, to="one@example.org")
        mailbox.wait(1, to="two@example.org")
        status, attempts, error, sent_at = wait_until(
            lambda: (r := row(db, ghost))[0] == "dead" and r, "dead")
        assert attempts == 1 and sent_at is None
        assert "550" in error and "no such user here" in error
        # The mailer records a mail sent after the server has taken it:
        # the arrival above may come a moment before the record.
        wait_until(lambda: row(db, first)[0] == "sent" and
                   row(db, last)[0] == "sent", "both others recorded sent")
        settle(db, mailbox)
        assert row(db, ghost)[:2] == ("dead", 1)
        assert len(mailbox.messages) == 2
    finally:
        mailbox.reject.discard("ghost@example.org")


def test_5xx_to_the_sender_waits_instead_of_killing_the_queue(db, mailbox):
    # A 5xx to MAIL FROM is about our configuration (a relay that wants
    # AUTH, a sender not allowed), not about this message: it must not
    # make every queued mail dead on its first try.
    mailbox.refuse_sender = True
    row_id, mid = queue(db)
    wait_until(lambda: row(db, row_id)[1] >= 1, "a first attempt")
    status, attempts, error = row(db, row_id)[:3]
    assert status in ("queued", "sending"), status
    assert "553" in (error or "")
    mailbox.refuse_sender = False
    db.execute("UPDATE outbox SET next_attempt_at = now() WHERE id = %s",
               (row_id,))
    db.execute("SELECT pg_notify('awards_outbox', '')")
    [msg] = mailbox.wait(1)
    assert msg["Message-ID"] == mid


def test_ten_transient_failures_make_it_dead(db, mailbox, mailers):
    mailers(AWARDS_MAILER_BACKOFF_MS=1, AWARDS_MAILER_POLL_MS=20)
    mailbox.tempfail = True
    try:
        row_id, _ = queue(db)
        status, attempts, error, _ = wait_until(
            lambda: (r := row(db, row_id))[0] == "dead" and r, "dead",
            timeout=30)
        assert attempts == 10
        assert "gave up after 10 attempts" in error and "451" in error
    finally:
        mailbox.tempfail = False
    settle(db, mailbox)
    assert mailbox.messages == []


def test_unbuildable_row_is_dead_not_sent(db, mailbox):
    # The table refuses CR/LF; an address that is no address gets this far.
    row_id, _ = queue(db, to="not an address")
    status, _, error, _ = wait_until(
        lambda: (r := row(db, row_id))[0] == "dead" and r, "dead")
    assert "bad recipient" in error
    queue(db)
    mailbox.wait(1)


def test_sigkill_mid_batch_loses_nothing(db, mailers, servers, stack):
    box = Box(delay=0.02)
    url = servers(box)
    victim = mailers("mailer-victim", AWARDS_SMTP_URL=url,
                     AWARDS_MAILER_LEASE_S=2)
    mids = queue_many(db, 300)
    wait_until(lambda: len(box.messages) >= 40, "some mails sent")
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    stack.stop("mailer-victim")
    assert len(box.messages) < 300, "all was sent before the kill"
    # Almost always some rows of the batch are 'sending' now, claimed by
    # the dead mailer until their 2 s lease ends.
    mailers("mailer-after", AWARDS_SMTP_URL=url)
    wait_until(lambda: count(db, "status = 'sent'") == 300, "all sent",
               timeout=60)
    got = box.message_ids()
    assert set(got) == set(mids)
    # Only the one mail in flight at the kill may have gone twice.
    assert len(got) - len(set(got)) <= 1


def test_sigterm_finishes_the_mail_in_flight(db, mailers, servers, stack):
    box = Box(delay=0.5)
    url = servers(box)
    mailer = mailers("mailer-term", AWARDS_SMTP_URL=url)
    mids = queue_many(db, 6)
    wait_until(lambda: len(box.messages) >= 1, "a first mail")
    wait_until(lambda: box.receiving >= 2, "a second mail in flight")
    mailer.send_signal(signal.SIGTERM)
    assert mailer.wait(10) == 0
    stack.stop("mailer-term")
    sent = len(box.messages)
    assert 2 <= sent < 6
    # What left is recorded, the rest handed back at once (no lease).
    assert count(db, "status = 'sent'") == sent
    assert count(db, "status = 'queued' AND lease_until IS NULL") == \
        6 - sent
    mailers("mailer-term-after", AWARDS_SMTP_URL=url)
    wait_until(lambda: count(db, "status = 'sent'") == 6, "all sent")
    assert sorted(box.message_ids()) == sorted(mids)


def test_two_mailers_share_1000_mails(db, mailbox, stack):
    started_mailer(stack, "mailer2", lambda: stack.spawn(
        "mailer2", [stack.binary, "mailer"]))
    try:
        mids = queue_many(db, 1000)
        wait_until(lambda: len(mailbox.messages) >= 1000, "1000 mails",
                   timeout=240)
        wait_until(lambda: count(db, "status = 'sent'") == 1000,
                   "all recorded sent")
        settle(db, mailbox)
        got = []
        for m in mailbox.messages:
            head = m["raw"].split(b"\r\n\r\n", 1)[0]
            got += [line[12:].decode() for line in head.split(b"\r\n")
                    if line.startswith(b"Message-ID: ")]
        assert len(got) == 1000
        assert len(set(got)) == 1000
        assert set(got) == set(mids)
        for name in ("mailer", "mailer2"):
            with open(os.path.join(stack.var, "log", f"{name}.log")) as f:
                assert ": sent <" in f.read(), f"{name} sent nothing"
    finally:
        assert stack.stop("mailer2") == 0


def test_sigterm_stops_the_mailer_cleanly(db, mailbox, stack):
    # Its exit status says it stopped cleanly; the deadline is generous,
    # as time under the sanitizers on a shared machine says nothing.
    mailer = stack.procs["mailer"]
    mailer.send_signal(signal.SIGTERM)
    assert mailer.wait(30) == 0
    stack.stop("mailer")
    started_mailer(stack, "mailer", stack.start_mailer)
    queue(db)
    mailbox.wait(1)


def test_database_down_then_back(stack, mailbox):
    log = os.path.join(stack.var, "log", "mailer.log")
    offset = os.path.getsize(log)

    def told():
        with open(log, "rb") as f:
            f.seek(offset)
            return b"mailer: database unavailable" in f.read()
    stack.stop_postgres()
    try:
        wait_until(told, "the mailer to find the database gone")
        assert stack.procs["mailer"].poll() is None
    finally:
        stack.start_postgres()
    conn = psycopg2.connect(stack.database_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            queue(cur)
            mailbox.wait(1, timeout=15)
    finally:
        conn.close()
    assert stack.procs["mailer"].poll() is None
    # awards serve was idle through the restart: its threads still hold
    # dead connections, which answer one 503 each before reconnecting.
    # Give later tests a fresh one.
    stack.stop("serve")
    stack.start_serve()


def test_bad_mailer_setting_stops_startup(stack):
    env = stack.process_env()
    env["AWARDS_MAILER_LEASE_S"] = "soon"
    p = subprocess.run([stack.binary, "mailer"], env=env,
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 1
    assert "AWARDS_MAILER_LEASE_S" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


# -- Waking the mailers (docs/performance.md) ---------------------------
# A NOTIFY holds one lock for the whole database across its commit, so a
# submission notifies only when no other mail is due.

def submit(api, open_cycle, nominator):
    from cycles_util import nomination
    r = api.post("/api/nominations", json=nomination(
        open_cycle, open_cycle["categories"][0], "nominee@example.org",
        nominator))
    assert r.status_code == 202, r.text


def test_a_submission_wakes_an_idle_mailer(api, mailbox, mailers,
                                           open_cycle):
    # Within half of the minute's poll: the NOTIFY woke it.
    mailers(AWARDS_MAILER_POLL_MS=60000)
    submit(api, open_cycle, "first@example.org")
    mailbox.wait(1, to="first@example.org", timeout=30)


def test_a_submission_notifies_only_when_no_mail_is_due(
        api, db, stack, mailers, open_cycle):
    # mailers() is not called: no mailer runs, so what is queued stays.
    listener = psycopg2.connect(stack.super_url)
    listener.autocommit = True
    listener.cursor().execute("LISTEN awards_outbox")
    notes = []

    def heard():
        listener.poll()
        notes.extend(listener.notifies)
        listener.notifies.clear()
        return notes

    submit(api, open_cycle, "one@example.org")   # nothing due: notifies
    wait_until(heard, "the first submission's NOTIFY")
    assert len(notes) == 1
    submit(api, open_cycle, "two@example.org")   # one due: stays quiet
    db.execute("DELETE FROM outbox")
    submit(api, open_cycle, "three@example.org")  # nothing due again
    # Notifications arrive in commit order: once the third is heard, a
    # second one would have been heard before it.
    wait_until(lambda: len(heard()) >= 2, "the third submission's NOTIFY")
    assert len(notes) == 2
    listener.close()


def test_a_mail_committed_without_a_notify_is_sent_by_the_poll(
        db, mailbox, mailers):
    # The case the poll is there for: a mail committed while another was
    # due (so without a NOTIFY), just after a busy mailer's last claim.
    mailers(AWARDS_MAILER_POLL_MS=1000)
    settle(db, mailbox)  # the mailer is past its first claim, waiting
    db.execute(
        "INSERT INTO outbox (event, to_address, subject, body, message_id, "
        "dedupe_key) VALUES ('test', 'quiet@example.org', 's', 'b', %s, "
        "'quiet')", (message_id(),))
    mailbox.wait(1, to="quiet@example.org", timeout=30)
