-- Fresh links for a nominator who lost theirs: the request records
-- itself (links_request()), the mailer looks up and mails
-- (links_answer(), links.c).

-- name: SQL_LINKS_LOCK
-- One request at a time per address, from the count of recent requests
-- to the insert, so that requests sent at once cannot pass the cap.  A
-- statement of its own: the insert after it sees the commit it waited
-- for.
SELECT pg_advisory_xact_lock(2, hashtext(lower($1)));

-- name: SQL_LINKS_REQUEST
-- Records a request for fresh links to address $1 unless it already made
-- $2 (LINKS_PER_WINDOW) in the last 15 minutes; the NOTIFY wakes the
-- mailers at commit.  The same statement whether or not the address
-- nominated anyone: it reads no nomination (SPEC §7).
WITH recent AS (SELECT count(*) AS n FROM nomination_link_requests
		 WHERE lower(email) = lower($1)
		   AND created_at > now() - interval '15 minutes')
INSERT INTO nomination_link_requests (email)
SELECT $1 FROM recent WHERE n < $2::integer
RETURNING id, pg_notify('awards_outbox', '');

-- name: SQL_LINKS_CLAIM
-- The mailer takes up to $1 requests not answered yet (SKIP LOCKED: any
-- number of mailers), and forgets the answered ones that no longer
-- count toward the cap of SQL_LINKS_REQUEST (15 minutes), so an address
-- stays here no longer than the cap needs it.
WITH old AS (DELETE FROM nomination_link_requests
	      WHERE done_at IS NOT NULL
		AND created_at < now() - interval '15 minutes')
, done AS (UPDATE nomination_link_requests SET done_at = now()
	  WHERE id IN (SELECT id FROM nomination_link_requests
			WHERE done_at IS NULL ORDER BY id
			FOR UPDATE SKIP LOCKED LIMIT $1::integer)
	  RETURNING id, email)
SELECT id, email FROM done ORDER BY id;

-- name: SQL_LINKS_NOMINATIONS
-- The live nominations made from address $1 in the cycle open for
-- nominations: pending ones whose link has not expired (an expired one is
-- erased), and confirmed ones not withdrawn.  At most 20, oldest first.
-- The mail is in the language of the address's latest nomination (lang),
-- and each entry's words (line, a phrase of migration 0060) too.
SELECT n.id, n.status, n.nominee_name, k.name AS category_name,
       c.id AS cycle_id, c.name AS cycle_name, l.lang,
       mail_phrase(l.lang, CASE WHEN n.status = 'pending'
			   THEN 'link_pending' ELSE 'link_confirmed' END)
	   AS line
  FROM nominations n
  JOIN cycles c ON c.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
  CROSS JOIN (SELECT coalesce((SELECT lang FROM nominations
				WHERE lower(nominator_email) = lower($1)
				ORDER BY id DESC LIMIT 1), 'en') AS lang) l
 WHERE lower(n.nominator_email) = lower($1)
   AND c.phase = 'nominations_open'
   AND (n.status IN ('submitted', 'eligible', 'ineligible')
	OR (n.status = 'pending'
	    AND n.created_at > now() - confirm_window()))
 ORDER BY n.id
 LIMIT 20;

-- name: SQL_TOKEN_INSERT_CONFIRM
-- Another confirmation link for pending nomination $2, living as long as
-- the nomination itself (confirm_window() from when it was made).
INSERT INTO tokens (hash, purpose, nomination_id, expires_at)
SELECT $1::bytea, 'confirm', id, created_at + confirm_window()
  FROM nominations
 WHERE id = $2 AND status = 'pending';
