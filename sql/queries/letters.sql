-- Letters of support (letter.c): referees named by a nominator, their
-- links, their letters; and the nominee's voice (nominee.c).

-- name: SQL_REFEREES_REPLACE
-- The referees of nomination $1 become the array $2 (JSON objects with
-- name, email, relationship): a referee whose address stays keeps their
-- row (link, letter) with the new name and relationship; the others go,
-- letter and link with them; new addresses are added, to be asked by
-- SQL_REFEREES_TO_ASK.
WITH given AS (
	SELECT r->>'name' AS name, btrim(r->>'email') AS email,
	       coalesce(r->>'relationship', '') AS relationship
	  FROM jsonb_array_elements($2::jsonb) AS r
), gone AS (
	DELETE FROM referees x
	 WHERE x.nomination_id = $1
	   AND lower(x.email) NOT IN (SELECT lower(email) FROM given)
), kept AS (
	UPDATE referees x SET name = g.name, relationship = g.relationship
	  FROM given g
	 WHERE x.nomination_id = $1 AND lower(x.email) = lower(g.email)
	RETURNING x.id
)
INSERT INTO referees (nomination_id, name, email, relationship)
SELECT $1, g.name, g.email, g.relationship
  FROM given g
 WHERE NOT EXISTS (SELECT 1 FROM referees x
		    WHERE x.nomination_id = $1
		      AND lower(x.email) = lower(g.email));

-- name: SQL_REFEREES_OF_NOMINATION
-- The referees of nomination $1 as its nominator sees them: never the
-- letter, only whether it arrived.
SELECT name, email, relationship,
       CASE WHEN letter IS NOT NULL THEN 'received' ELSE 'asked' END
	   AS state
  FROM referees
 WHERE nomination_id = $1
 ORDER BY id;

-- name: SQL_REFEREES_TO_ASK
-- The referees of nomination $1 (confirmed, live) not yet asked for a
-- letter, with what their mail says; the nominator's name is theirs as
-- confirmed.  Locked, so that two requests never ask twice.
SELECT r.id, r.name AS referee_name, r.email, n.lang,
       n.nominator_name, n.nominee_name, y.id AS cycle_id,
       y.name AS cycle_name, k.name AS category_name,
       coalesce(to_char(letters_close_at(y.nominations_close_at,
				y.scoring_close_at) AT TIME ZONE 'UTC',
			'YYYY-MM-DD HH24:MI "UTC"'),
		'the committee begins scoring') AS letters_close_at
  FROM referees r
  JOIN nominations n ON n.id = r.nomination_id
  JOIN cycles y ON y.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
 WHERE r.nomination_id = $1 AND r.asked_at IS NULL
   AND n.status IN ('submitted', 'eligible', 'ineligible', 'declined')
 ORDER BY r.id
   FOR UPDATE OF r;

-- name: SQL_REFEREE_MAILS
-- How many confirmation-type mails went to address $1 in
-- confirm_window() (SPEC §7: confirmation links and letter requests
-- alike), run after SQL_NOMINATOR_LOCK of the address.
SELECT count(*) AS mails
  FROM confirm_mails
 WHERE address_key = address_key($1)
   AND queued_at > now() - confirm_window();

-- name: SQL_REFEREE_ASKED
-- Referee $1 is asked: the hash $2 of their link, alive until 30 days
-- after letters close, and the request counted toward the cap of their
-- address.
WITH r AS (
	UPDATE referees x
	   SET token_hash = $2::bytea, asked_at = now(), held_at = NULL,
	       token_expires_at = greatest(coalesce(letters_close_at(
		   y.nominations_close_at, y.scoring_close_at), now()),
		   now()) + interval '30 days'
	  FROM nominations n JOIN cycles y ON y.id = n.cycle_id
	 WHERE x.id = $1 AND n.id = x.nomination_id
	RETURNING x.email
)
INSERT INTO confirm_mails (address_key)
SELECT address_key(email) FROM r;

-- name: SQL_REFEREE_HELD
-- Referee $1 could not be asked yet: their address had its share of
-- such mails; `awards remind` asks them when the window allows.
UPDATE referees SET held_at = coalesce(held_at, now()) WHERE id = $1;

-- name: SQL_REFEREES_HELD
-- The nominations with a referee waiting for their request (held by the
-- cap) in a cycle that still takes letters.
SELECT DISTINCT r.nomination_id
  FROM referees r
  JOIN nominations n ON n.id = r.nomination_id
  JOIN cycles y ON y.id = n.cycle_id
 WHERE r.held_at IS NOT NULL AND r.asked_at IS NULL
   AND y.phase IN ('nominations_open', 'nominations_closed')
 ORDER BY r.nomination_id;

-- name: SQL_REFEREE_CAPS
-- For the referees $1 (JSON array of objects with email) named on a
-- form: the most confirmation-type mails any of their addresses had in
-- confirm_window(), and the seconds until that address falls under the
-- cap $2 again.
WITH m AS (
	SELECT count(*) AS n,
	       greatest(1, ceil(extract(epoch FROM min(c.queued_at)
		   + confirm_window() - now())))::integer AS retry_after
	  FROM jsonb_array_elements($1::jsonb) AS r
	  JOIN confirm_mails c ON c.address_key = address_key(r->>'email')
	 WHERE c.queued_at > now() - confirm_window()
	 GROUP BY lower(btrim(r->>'email'))
)
SELECT coalesce(max(n), 0) AS mails,
       coalesce(max(retry_after) FILTER (WHERE n >= $2::integer), 1)
	   AS retry_after
  FROM m;

-- name: SQL_LETTER_FIND
-- What the holder of referee link $1 (its hash) may see: the cycle, the
-- category, the nominee's name, their own letter, until when; never the
-- statement, the other letters or who else was asked.  No row: a link
-- never issued, expired, or of a nomination withdrawn or erased.
SELECT r.id, r.letter, rfc3339(r.letter_at) AS letter_at,
       r.name AS referee_name, r.nomination_id, n.nominator_name,
       n.nominator_email, n.nominee_name, n.lang, y.id AS cycle_id,
       y.name AS cycle_name, y.phase, k.name AS category_name,
       rfc3339(letters_close_at(y.nominations_close_at,
				y.scoring_close_at)) AS letters_close_at
  FROM referees r
  JOIN nominations n ON n.id = r.nomination_id
  JOIN cycles y ON y.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
 WHERE (r.token_hash = $1::bytea OR r.reminder_hash = $1::bytea)
   AND r.token_expires_at > now()
   AND n.erased_at IS NULL
   AND n.status IN ('submitted', 'eligible', 'ineligible', 'declined')
   FOR UPDATE OF r FOR SHARE OF y;

-- name: SQL_LETTER_WRITE
UPDATE referees SET letter = $2, letter_at = now()
 WHERE id = $1
RETURNING rfc3339(letter_at) AS letter_at;

-- name: SQL_LETTER_REMIND_DUE
-- Referees asked and silent, of cycles that still take letters, whose
-- letters close within 3 days: reminded once each.
SELECT r.id, r.name AS referee_name, r.email, r.token_expires_at, n.lang,
       n.nominator_name, n.nominee_name, y.id AS cycle_id,
       y.name AS cycle_name, k.name AS category_name,
       to_char(letters_close_at(y.nominations_close_at, y.scoring_close_at)
	       AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
	   AS letters_close_at
  FROM referees r
  JOIN nominations n ON n.id = r.nomination_id
  JOIN cycles y ON y.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
 WHERE r.asked_at IS NOT NULL AND r.letter IS NULL
   AND r.reminded_at IS NULL
   AND n.status IN ('submitted', 'eligible', 'ineligible', 'declined')
   AND y.phase IN ('nominations_open', 'nominations_closed')
   AND letters_close_at(y.nominations_close_at, y.scoring_close_at)
       BETWEEN now() AND now() + interval '3 days'
 ORDER BY r.id
   FOR UPDATE OF r SKIP LOCKED;

-- name: SQL_LETTER_REMINDED
-- Referee $1 is reminded with a link of its own (hash $2): the
-- request's link is kept only hashed, so the reminder carries a second
-- one, and both work.
UPDATE referees SET reminded_at = now(), reminder_hash = $2::bytea
 WHERE id = $1;

-- name: SQL_NOMINATION_DECLINED_JOIN
-- A nomination of a person who declined, confirmed after they did, is
-- declined too (SPEC §3: every nomination of them in that category).
UPDATE nominations n SET status = 'declined', updated_at = now()
  FROM candidates c
 WHERE n.id = $1 AND c.id = n.candidate_id AND c.status = 'declined'
   AND n.status = 'submitted';

-- name: SQL_NOMINEE_TOKEN_SET
-- Gives candidate $1 the nominee link of hash $2 unless it has one: no
-- row when it had one already (the nominee keeps their first link).
UPDATE candidates SET nominee_token_hash = $2::bytea
 WHERE id = $1 AND nominee_token_hash IS NULL
RETURNING id;

-- name: SQL_NOMINEE_FIND
-- What the holder of nominee link $1 (its hash) may see: what the
-- nomination is (cycle, category), never by whom.  A candidate merged
-- into another speaks for the one it joined.  The link lives until 30
-- days after the announcement.  Locked for a change.
SELECT c.id AS candidate_id, c.status, c.private, c.nominee_name,
       k.name AS category_name, y.name AS cycle_name, y.phase,
       rfc3339(y.announced_at + interval '30 days') AS link_expires_at
  FROM candidates t
  JOIN candidates c ON c.id = coalesce(t.merged_into, t.id)
  JOIN categories k ON k.id = c.category_id
  JOIN cycles y ON y.id = c.cycle_id
 WHERE t.nominee_token_hash = $1::bytea
   AND (y.announced_at IS NULL
	OR y.announced_at + interval '30 days' > now())
   FOR UPDATE OF c FOR SHARE OF y;

-- name: SQL_NOMINEE_DECLINE
-- The nominee of candidate $1 declines: the candidate and each of its
-- nominations become declined, and its assignments go (a review written
-- stays, unseen: rankings read active candidates only).  Pending
-- nominations follow when confirmed (SQL_NOMINATION_DECLINED_JOIN).
WITH c AS (
	UPDATE candidates SET status = 'declined', declined_at = now()
	 WHERE id = $1 AND status IN ('active', 'withdrawn')
	RETURNING id
), n AS (
	UPDATE nominations SET status = 'declined', updated_at = now()
	 WHERE candidate_id IN (SELECT id FROM c)
	   AND status IN ('submitted', 'eligible', 'ineligible')
)
DELETE FROM assignments a
 WHERE a.candidate_id IN (SELECT id FROM c)
   AND NOT EXISTS (SELECT 1 FROM reviews r
		    WHERE r.candidate_id = a.candidate_id
		      AND r.user_id = a.user_id);

-- name: SQL_NOMINEE_UNDECLINE
-- The nominee of candidate $1 takes their refusal back before the
-- decisions: the candidate is active again and its nominations go back
-- to be screened.
WITH c AS (
	UPDATE candidates SET status = 'active', declined_at = NULL
	 WHERE id = $1 AND status = 'declined'
	RETURNING id
)
UPDATE nominations SET status = 'submitted', screening_reason = NULL,
       updated_at = now()
 WHERE candidate_id IN (SELECT id FROM c) AND status = 'declined';

-- name: SQL_NOMINEE_PRIVATE
UPDATE candidates SET private = $2::boolean WHERE id = $1;
