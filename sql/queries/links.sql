-- Fresh links for a nominator who lost theirs (links.c).

-- name: SQL_LINKS_LOCK
-- One request at a time per address, from the count of recent mails to
-- the mail queued, so that requests sent at once cannot pass the cap.
SELECT pg_advisory_xact_lock(2, hashtext(lower($1)));

-- name: SQL_LINKS_RECENT
-- Mails of fresh links sent to address $1 in the last 15 minutes.
SELECT count(*) AS count
  FROM outbox
 WHERE event = 'nomination_links' AND lower(to_address) = lower($1)
   AND created_at > now() - interval '15 minutes';

-- name: SQL_LINKS_NOMINATIONS
-- The live nominations made from address $1 in the cycle open for
-- nominations: pending ones whose link has not expired (an expired one is
-- erased), and confirmed ones not withdrawn.  At most 20, oldest first.
SELECT n.id, n.status, n.nominee_name, k.name AS category_name,
       c.id AS cycle_id, c.name AS cycle_name
  FROM nominations n
  JOIN cycles c ON c.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
 WHERE lower(n.nominator_email) = lower($1)
   AND c.phase = 'nominations_open'
   AND (n.status IN ('submitted', 'eligible', 'ineligible')
	OR (n.status = 'pending'
	    AND n.created_at > now() - interval '72 hours'))
 ORDER BY n.id
 LIMIT 20;

-- name: SQL_TOKEN_INSERT_CONFIRM
-- Another confirmation link for pending nomination $2, living as long as
-- the nomination itself (72 hours from when it was made).
INSERT INTO tokens (hash, purpose, nomination_id, expires_at)
SELECT $1::bytea, 'confirm', id, created_at + interval '72 hours'
  FROM nominations
 WHERE id = $2 AND status = 'pending';
