-- The announcement and the public awardees list (announce.c).

-- name: SQL_ANNOUNCE_LOCK
-- Cycle $1, locked until the transaction ends: one announcement at a
-- time, and no decision changes under it (decisions take it FOR SHARE).
SELECT id, name, phase, announce_to
  FROM cycles
 WHERE id = $1
   FOR UPDATE;

-- name: SQL_ANNOUNCE_SET
UPDATE cycles SET phase = 'announced', announced_at = now()
 WHERE id = $1 AND phase = 'decided';

-- name: SQL_ANNOUNCE_AWARDEES
-- The awardees of cycle $1 with the address they were nominated under
-- (the candidate's key: the nominee's address, trimmed and lower-cased),
-- and the language of the nominator whose confirmed nomination named the
-- candidate first (SPEC §9: the nominator's language reaches the nominee),
-- with the words of the mail's note in it: where to ask for privacy, by
-- this mail's link (note_link) or an earlier one's (note_earlier).
SELECT c.id AS candidate_id, c.nominee_name AS nominee_name,
       c.email_key AS nominee_email, cat.name AS category_name, l.lang,
       mail_phrase(l.lang, 'nominee_note_link') AS note_link,
       mail_phrase(l.lang, 'nominee_note_earlier') AS note_earlier
  FROM candidates c
  JOIN decisions d ON d.candidate_id = c.id
  JOIN categories cat ON cat.id = c.category_id
  CROSS JOIN LATERAL (SELECT coalesce((SELECT n.lang FROM nominations n
		  WHERE n.candidate_id = c.id AND n.confirmed_at IS NOT NULL
		  ORDER BY n.confirmed_at, n.id LIMIT 1), 'en') AS lang) l
 WHERE c.cycle_id = $1 AND c.status = 'active'
   AND d.decision = 'awardee'
 ORDER BY c.id;

-- name: SQL_ANNOUNCE_NOMINATIONS
-- One row per confirmed nominator address (lower-cased) and candidate
-- they nominated in cycle $1, ordered by address so that the caller makes
-- one mail per address.  The nominee's name is the one this nominator
-- wrote, never another nominator's words; first_id (the address's oldest
-- nomination) keys the mail's dedupe, so no address is kept in a key.
-- Withdrawn and unconfirmed nominations are not told anything; the
-- nominator of a nominee who declined learns it here, as 'declined'
-- (worded kindly and without detail).  A nomination screened out is
-- 'ineligible': it did not meet the criteria, which is not
-- 'not_selected', since the committee never weighed it; unless the
-- person was recognised all the same (through another, eligible
-- nomination).  A merged candidate's outcome is that of the candidate
-- it was merged into.  The mail is in the language of the address's
-- latest nomination (lang), and so is each outcome's wording (outcome,
-- a phrase of migrations 0060, 0061 and 0070).
SELECT DISTINCT ON (address, candidate_id)
       lower(n.nominator_email) AS address,
       first_value(n.nominator_name) OVER w AS nominator_name,
       min(n.id) OVER (PARTITION BY lower(n.nominator_email)) AS first_id,
       COALESCE(c.merged_into, c.id) AS candidate_id,
       n.nominee_name AS nominee_name, cat.name AS category_name,
       CASE WHEN n.status = 'declined' THEN 'declined'
	    WHEN n.status = 'ineligible' AND d.decision IS DISTINCT FROM
		 'awardee' AND d.decision IS DISTINCT FROM
		 'honorable_mention' THEN 'ineligible'
	    ELSE COALESCE(d.decision, 'not_selected') END AS decision,
       first_value(n.lang) OVER latest AS lang,
       mail_phrase(first_value(n.lang) OVER latest, 'outcome_' ||
		   CASE WHEN n.status = 'declined' THEN 'declined'
			WHEN n.status = 'ineligible' AND d.decision IS
			     DISTINCT FROM 'awardee' AND d.decision IS
			     DISTINCT FROM 'honorable_mention'
			THEN 'ineligible'
			ELSE COALESCE(d.decision, 'not_selected') END)
	   AS outcome
  FROM nominations n
  JOIN candidates c ON c.id = n.candidate_id
  JOIN categories cat ON cat.id = n.category_id
  LEFT JOIN decisions d ON d.candidate_id = COALESCE(c.merged_into, c.id)
 WHERE n.cycle_id = $1 AND n.nominator_email IS NOT NULL
   AND n.status IN ('submitted', 'eligible', 'ineligible', 'declined')
WINDOW w AS (PARTITION BY lower(n.nominator_email) ORDER BY n.id),
       latest AS (PARTITION BY lower(n.nominator_email) ORDER BY n.id DESC)
 ORDER BY address, candidate_id, n.id;

-- name: SQL_AWARDEES_CYCLE
-- Cycle $1 if it is announced: the public list exists only then.
SELECT id, name FROM cycles WHERE id = $1 AND phase = 'announced';

-- name: SQL_AWARDEES_LIST
-- The public list of cycle $1: every category, with its awardees and
-- honourable mentions (a category without any comes once, with NULLs).
-- Only names and affiliations leave: no address, no statement, no score;
-- and nobody who asked to be recognised privately: the page
-- and the announce_to mail alike read this.
SELECT cat.id AS category_id, cat.name AS category_name,
       d.decision AS decision, c.nominee_name AS nominee_name,
       c.nominee_affiliation AS nominee_affiliation
  FROM categories cat
  LEFT JOIN (candidates c JOIN decisions d ON d.candidate_id = c.id
	     AND d.decision IN ('awardee', 'honorable_mention'))
    ON c.category_id = cat.id AND c.status = 'active' AND NOT c.private
 WHERE cat.cycle_id = $1
 ORDER BY cat.id, d.decision, c.nominee_name, c.id;

-- name: SQL_CYCLE_ANNOUNCED
-- The announced cycles, newest announcement first, for the landing page.
SELECT id, name
  FROM cycles
 WHERE phase = 'announced'
 ORDER BY announced_at DESC NULLS LAST, id DESC;
