-- GET /api/health (health.c) and GET /api/metrics (metrics.c): each one
-- statement, cheap enough for a load balancer's or a scraper's every few
-- seconds.

-- name: SQL_HEALTH
-- The latest migration applied (schema), and the first of those this
-- binary carries ($1 names in order, $2 their checksums) that the
-- database lacks (missing) or applied from another text: the same test
-- as SQL_SCHEMA_CHECK, so serve answers 503 where a restart would
-- refuse to start.  Migrations newer than the binary do not count: they
-- are applied before the new binary replaces this one.  Then the mail:
-- queued mails due now, and the seconds the oldest has been due (the
-- partial index outbox_due holds them), dead mails, and the seconds
-- since the latest round of any mailer (NULL: no mailer ever ran).
WITH wrong AS (
	SELECT m.name, s.name IS NULL AS missing
	  FROM unnest($1::text[], $2::text[])
	       WITH ORDINALITY AS m(name, checksum, n)
	  LEFT JOIN schema_migrations s ON s.name = m.name
	 WHERE s.name IS NULL OR s.checksum IS DISTINCT FROM m.checksum
	 ORDER BY m.n
	 LIMIT 1
), due AS (
	SELECT count(*) AS n, min(next_attempt_at) AS oldest
	  FROM outbox
	 WHERE status = 'queued' AND next_attempt_at <= now()
)
SELECT (SELECT max(name) FROM schema_migrations) AS schema,
       (SELECT name FROM wrong) AS wrong,
       (SELECT missing FROM wrong) AS missing,
       due.n AS outbox_due,
       floor(extract(epoch FROM now() - due.oldest))::bigint
           AS outbox_oldest_due_s,
       (SELECT count(*) FROM outbox WHERE status = 'dead') AS outbox_dead,
       (SELECT floor(extract(epoch FROM now() - max(at)))::bigint
          FROM mailer_heartbeats) AS mailer_round_s
  FROM due;

-- name: SQL_METRICS_OUTBOX
-- Mails by status, every status present (0 when none), and the seconds
-- the oldest queued mail has waited since it was queued (NULL: none).
SELECT s.status,
       (SELECT count(*) FROM outbox o WHERE o.status = s.status) AS count,
       (SELECT floor(extract(epoch FROM now() - min(created_at)))::bigint
          FROM outbox WHERE status = 'queued') AS oldest_queued_s
  FROM unnest(ARRAY['held', 'queued', 'sending', 'sent', 'dead'])
       AS s(status);
