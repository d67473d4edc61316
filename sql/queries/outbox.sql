-- The outbox and the mailer (outbox.c, mailer.c).

-- name: SQL_OUTBOX_INSERT
-- A dedupe key already queued makes this a no-op; the NOTIFY wakes the
-- mailers when (and only if) the transaction commits, and is sent only
-- when no other mail is due: a NOTIFY serializes the commits of the
-- whole database, and a due mail means a mailer is at work and will
-- claim this one next (as in SQL_NOMINATION_SUBMIT).  The dedupe key is
-- made of the event $9 (the mail's, or the one it shares keys with) and
-- the subject $10 (outbox_dedupe_key).
WITH ins AS (INSERT INTO outbox (event, cycle_id, to_address,
to_name, subject, body, status, message_id, dedupe_key, lang)
VALUES ($1, NULLIF($2, '0')::bigint, $3, $4, $5, $6, $7, $8,
outbox_dedupe_key($9, $10), $11)
ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)
SELECT id, CASE WHEN NOT EXISTS (SELECT 1 FROM outbox
WHERE status = 'queued' AND next_attempt_at <= now())
THEN pg_notify('awards_outbox', '') END AS notified FROM ins;

-- name: SQL_OUTBOX_CLAIM
-- The mailer's claim of at most $2 due rows for $1 seconds: queued and due,
-- or left 'sending' by a mailer whose lease ran out.  SKIP LOCKED lets
-- mailers claim side by side; the lease returned is the claim's mark,
-- checked before each send and at hand-back.  contact is whom the
-- mail tells its reader to write to (contact_address(), migration 0012:
-- the cycle's, else the programme's; NULL: AWARDS_MAIL_FROM),
-- and contact_line the words before it, in the mail's language.
-- columns: id, message_id, to_address, to_name, subject, body, attempts,
-- columns: lease_until, contact, contact_line
WITH claimed AS (UPDATE outbox SET status = 'sending',
lease_until = now() + $1::integer * interval '1 second'
WHERE id IN (SELECT id FROM outbox
WHERE (status = 'queued' AND next_attempt_at <= now())
OR (status = 'sending' AND lease_until < now())
ORDER BY id FOR UPDATE SKIP LOCKED LIMIT $2::integer)
RETURNING id, message_id, to_address, to_name, subject, body,
attempts, lease_until, contact_address(cycle_id) AS contact,
mail_phrase(lang, 'contact') AS contact_line)
SELECT * FROM claimed ORDER BY id;

-- name: SQL_OUTBOX_RENEW
-- Renews the lease of row $1 if it still carries the claim's $2.
UPDATE outbox SET lease_until = now() +
$3::integer * interval '1 second'
WHERE id = $1 AND status = 'sending'
AND lease_until = $2::timestamptz RETURNING id, lease_until;

-- name: SQL_OUTBOX_SENT
-- A sent mail's body is erased: it may hold a live link, and tokens live in
-- the database only as hashes (SPEC §5).  Only while the mailer still
-- holds the lease $2 (as renewed before the send): a row whose lease ran
-- out belongs to whichever mailer claimed it since, and is its to record.
UPDATE outbox SET status = 'sent', sent_at = now(), body = '',
attempts = attempts + 1, lease_until = NULL
WHERE id = $1 AND status = 'sending' AND lease_until = $2::timestamptz;

-- name: SQL_OUTBOX_RETRY
-- A transient failure: try again in $2 milliseconds (only under the
-- lease $4, as SQL_OUTBOX_SENT).
UPDATE outbox SET status = 'queued', attempts = attempts + 1,
next_attempt_at = now() + $2::bigint * interval '1 millisecond',
lease_until = NULL, last_error = $3
WHERE id = $1 AND status = 'sending' AND lease_until = $4::timestamptz;

-- name: SQL_OUTBOX_DEAD
-- Only under the lease $3, as SQL_OUTBOX_SENT.
UPDATE outbox SET status = 'dead', attempts = attempts + 1,
lease_until = NULL, last_error = $2
WHERE id = $1 AND status = 'sending' AND lease_until = $3::timestamptz;

-- name: SQL_OUTBOX_RELEASE
-- Hands back rows $1 (an array) still held by the claim $2.
UPDATE outbox SET status = 'queued', lease_until = NULL
WHERE id = ANY ($1::bigint[]) AND status = 'sending'
AND lease_until = $2::timestamptz;

-- name: SQL_OUTBOX_LIST
-- The outbox as organizers see it (GET /api/outbox), newest first: $2
-- rows from row $3, of status $1 ('' for all).  The body only of held
-- rows, which organizers read before releasing them: any other may carry
-- a live token link.
SELECT id, event, cycle_id, to_address, to_name, subject, status,
       attempts, rfc3339(next_attempt_at) AS next_attempt_at, last_error,
       message_id, rfc3339(created_at) AS created_at,
       rfc3339(sent_at) AS sent_at,
       CASE WHEN status = 'held' THEN body END AS body
  FROM outbox
 WHERE $1::text = '' OR status = $1
 ORDER BY id DESC
 LIMIT $2 OFFSET $3;

-- name: SQL_OUTBOX_COUNT
SELECT count(*) AS total FROM outbox WHERE $1::text = '' OR status = $1;

-- name: SQL_OUTBOX_LOCK
-- Row $1's status, locked until the transaction ends, and whether the
-- link it carries is dead (expired, spent or gone, or the body already
-- emptied): such a mail cannot be retried (outbox_link_expires_at,
-- migration 0007).
SELECT status,
       body = '' OR coalesce(outbox_link_expires_at(event, dedupe_key,
	   created_at) <= now(), false) AS link_dead
  FROM outbox WHERE id = $1 FOR UPDATE;

-- name: SQL_OUTBOX_REQUEUE
-- An organizer's retry of a dead row: due now, with its attempts back to 0
-- so that it gets the mailer's full 10 tries again (the last error stays
-- until the next attempt replaces it).  The NOTIFY wakes the mailers at
-- commit.
UPDATE outbox SET status = 'queued', attempts = 0,
next_attempt_at = now(), lease_until = NULL
WHERE id = $1 AND status = 'dead'
RETURNING id, pg_notify('awards_outbox', '');

-- name: SQL_OUTBOX_UNHOLD
-- Releases the held rows of cycle $1 (0: of every cycle).
WITH r AS (UPDATE outbox SET status = 'queued',
next_attempt_at = now() WHERE status = 'held'
AND ($1::bigint = 0 OR cycle_id = $1::bigint) RETURNING id)
SELECT count(*) AS released, pg_notify('awards_outbox', '') FROM r;

-- name: SQL_MAILER_HEARTBEAT
-- The round of the mailer on host $1 (process $2), which health and
-- metrics report by age; written over, one row per host.
INSERT INTO mailer_heartbeats (host, pid, at) VALUES ($1, $2, now())
ON CONFLICT (host) DO UPDATE SET pid = excluded.pid, at = excluded.at;
