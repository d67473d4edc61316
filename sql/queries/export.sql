-- The organizers' export of a cycle (export.c).

-- name: SQL_EXPORT_CYCLE
SELECT id, name FROM cycles WHERE id = $1;

-- name: SQL_EXPORT_ROWS
-- One row per confirmed nomination of cycle $1 (unconfirmed ones are not
-- the cycle's yet), with its candidate, the candidate's decision and its
-- ranking columns (candidate_rankings(), as GET .../rankings shows), in
-- category, candidate and nomination order; the candidate's letters
-- are counted, never given, and public_name is the name as the
-- public list shows it: empty for anyone not on it (a nominee recognised
-- privately included).  Read in single-row mode, so
-- that 100,000 rows take no more memory than 100.
SELECT c.id AS candidate_id, cat.name AS category_name,
       c.nominee_name AS candidate_name, c.status AS candidate_status,
       d.decision AS decision, n.id AS nomination_id,
       n.status AS nomination_status, n.nominee_name AS nominee_name,
       n.nominee_email AS nominee_email,
       n.nominee_affiliation AS nominee_affiliation,
       n.nominee_role AS nominee_role,
       n.nominator_name AS nominator_name,
       n.nominator_email AS nominator_email,
       n.nominator_affiliation AS nominator_affiliation,
       n.nominator_relationship AS nominator_relationship,
       n.statement AS statement, n.screening_reason AS screening_reason,
       n.consent_contact_nominee AS consent_contact_nominee,
       rfc3339(n.created_at) AS created_at,
       rfc3339(n.confirmed_at) AS confirmed_at,
       r.rank, r.rank_raw, r.score, r.raw, r.median, r.reviews, r.spread,
       r.disputed,
       (SELECT count(*) FROM referees x JOIN nominations o
	    ON o.id = x.nomination_id
	 WHERE o.candidate_id = c.id AND x.letter IS NOT NULL) AS letters,
       CASE WHEN c.status = 'declined' THEN 'declined'
	    WHEN c.private THEN 'private' ELSE 'public' END AS recognition,
       CASE WHEN d.decision IN ('awardee', 'honorable_mention')
		 AND c.status = 'active' AND NOT c.private
	    THEN c.nominee_name ELSE '' END AS public_name
  FROM nominations n
  JOIN candidates c ON c.id = n.candidate_id
  JOIN categories cat ON cat.id = n.category_id
  LEFT JOIN decisions d ON d.candidate_id = c.id
  LEFT JOIN candidate_rankings($1::bigint, 0) r ON r.candidate_id = c.id
 WHERE n.cycle_id = $1 AND n.status <> 'pending'
 ORDER BY cat.id, c.id, n.id;
