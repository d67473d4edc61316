-- The organizers' exports of a cycle (export.c).

-- name: SQL_EXPORT_CYCLE
SELECT id, name FROM cycles WHERE id = $1;

-- name: SQL_EXPORT_REVIEWERS
-- The members with a counted review in cycle $1 (review_raw_scores()),
-- one column each in the candidates' export, in the order of their
-- names; a name two members share is told apart by the address.
SELECT u.id AS user_id,
       u.name || CASE WHEN count(*) OVER (PARTITION BY u.name) > 1
		      THEN ' <' || u.email || '>' ELSE '' END AS reviewer_name
  FROM users u
 WHERE u.id IN (SELECT v.user_id FROM review_raw_scores($1) v)
 ORDER BY u.name, u.id;

-- name: SQL_EXPORT_CANDIDATES
-- One row per candidate of cycle $1 with a confirmed nomination
-- (unconfirmed ones are not the cycle's yet), in category and candidate
-- order: its decision, its ranking columns (candidate_rankings(), as GET
-- .../rankings shows them), each counted review's raw score on 0-100 as
-- a JSON object keyed by the reviewer's id (review_raw_scores(), one
-- grouped pass rather than one per candidate), and how many nominations
-- and letters it has: letters are counted, never given.  public_name is
-- the name as the public list shows it: empty for anyone not on it (a
-- nominee recognised privately included).  Read in single-row mode.
SELECT c.id AS candidate_id, cat.name AS category_name,
       c.nominee_name AS candidate_name, c.status AS candidate_status,
       d.decision AS decision,
       r.rank, r.rank_raw, r.score, r.raw, r.median, r.spread, r.disputed,
       r.reviews, v.scores AS reviewer_scores,
       (SELECT count(*) FROM nominations o
	 WHERE o.candidate_id = c.id AND o.status <> 'pending')
	   AS nominations,
       (SELECT count(*) FROM referees x JOIN nominations o
	    ON o.id = x.nomination_id
	 WHERE o.candidate_id = c.id AND x.letter IS NOT NULL) AS letters,
       CASE WHEN c.status = 'declined' THEN 'declined'
	    WHEN c.private THEN 'private' ELSE 'public' END AS recognition,
       CASE WHEN d.decision IN ('awardee', 'honorable_mention')
		 AND c.status = 'active' AND NOT c.private
	    THEN c.nominee_name ELSE '' END AS public_name
  FROM candidates c
  JOIN categories cat ON cat.id = c.category_id
  LEFT JOIN decisions d ON d.candidate_id = c.id
  LEFT JOIN candidate_rankings($1::bigint, 0) r ON r.candidate_id = c.id
  LEFT JOIN (SELECT s.candidate_id,
		    json_object_agg(s.user_id,
				    round((s.s * 100)::numeric, 1)::text)
			AS scores
	       FROM review_raw_scores($1::bigint) s
	      GROUP BY s.candidate_id) v ON v.candidate_id = c.id
 WHERE c.cycle_id = $1
   AND c.id IN (SELECT n.candidate_id FROM nominations n
		 WHERE n.cycle_id = $1 AND n.status <> 'pending')
 ORDER BY cat.id, c.id;

-- name: SQL_EXPORT_NOMINATIONS
-- One row per confirmed nomination of cycle $1, with its candidate, in
-- category, candidate and nomination order.  The nominator's name and
-- address are in it in a blind cycle too: a blind cycle hides them from
-- the committee, and this export is the organizers'.  Letters are
-- counted, never given.  Read in single-row mode, so that 100,000 rows
-- take no more memory than 100.
SELECT n.id AS nomination_id, c.id AS candidate_id,
       cat.name AS category_name, c.nominee_name AS candidate_name,
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
       (SELECT count(*) FROM referees x
	 WHERE x.nomination_id = n.id AND x.letter IS NOT NULL) AS letters,
       rfc3339(n.created_at) AS created_at,
       rfc3339(n.confirmed_at) AS confirmed_at
  FROM nominations n
  JOIN candidates c ON c.id = n.candidate_id
  JOIN categories cat ON cat.id = n.category_id
 WHERE n.cycle_id = $1 AND n.status <> 'pending'
 ORDER BY cat.id, c.id, n.id;
