-- Screening (screening.c): organizers read every candidate with every
-- confirmed nomination, and mark nominations eligible or ineligible.
-- A pending nomination is never listed: until its nominator confirms it,
-- it is nobody's business.

-- name: SQL_SCREEN_CYCLE
SELECT id, phase FROM cycles WHERE id = $1;

-- name: SQL_SCREEN_CANDIDATES
-- Candidates of cycle $1 with at least one confirmed nomination (of status
-- $3 when given), of category $2 when given; $4 rows from row $5.  As
-- the screening list shows them, each with every confirmed nomination,
-- nominators and referees with their letters included: organizers only.
-- edited_since_screening: screened once and back in submitted, which
-- only its nominator's edit does.
SELECT c.id, c.category_id, c.category_name, c.nominee_name,
       c.nominee_affiliation, c.status,
       EXISTS (SELECT 1 FROM nominations e WHERE e.candidate_id = c.id
	   AND e.status = 'eligible') AS eligible,
       (SELECT count(*) FROM assignments a WHERE a.candidate_id = c.id)
	   AS reviewers,
       c.status = 'declined' AS declined_by_nominee, c.private,
       (SELECT coalesce(json_agg(json_build_object(
		   'id', n.id, 'status', n.status,
		   'edited_since_screening', n.status = 'submitted'
		       AND n.first_screened_at IS NOT NULL,
		   'reason', coalesce(n.screening_reason, ''),
		   'nominee', json_build_object(
		       'name', n.nominee_name, 'email', n.nominee_email,
		       'affiliation', n.nominee_affiliation,
		       'role', n.nominee_role),
		   'nominator', json_build_object(
		       'name', coalesce(n.nominator_name, ''),
		       'email', coalesce(n.nominator_email, ''),
		       'affiliation', coalesce(n.nominator_affiliation, ''),
		       'relationship', coalesce(n.nominator_relationship, '')),
		   'statement', coalesce(n.statement, ''),
		   'consent_contact_nominee', n.consent_contact_nominee,
		   'created_at', rfc3339(n.created_at),
		   'confirmed_at', rfc3339(n.confirmed_at),
		   'referees', (SELECT coalesce(jsonb_agg(jsonb_build_object(
			   'name', r.name, 'email', r.email,
			   'relationship', r.relationship, 'letter', r.letter,
			   'letter_at', rfc3339(r.letter_at)) ORDER BY r.id),
			   '[]')
			  FROM referees r WHERE r.nomination_id = n.id))
		   ORDER BY n.id), '[]')
	  FROM nominations n
	 WHERE n.candidate_id = c.id AND n.status <> 'pending')
	   AS nominations
  FROM (SELECT c.id, c.category_id, k.name AS category_name,
	       c.nominee_name, c.nominee_affiliation, c.status, c.private
	  FROM candidates c JOIN categories k ON k.id = c.category_id
	 WHERE c.cycle_id = $1 AND c.status <> 'merged'
	   AND ($2::bigint IS NULL OR c.category_id = $2::bigint)
	   AND EXISTS (SELECT 1 FROM nominations n
		WHERE n.candidate_id = c.id AND n.status <> 'pending'
		  AND ($3::text IS NULL OR n.status = $3))
	 ORDER BY c.id
	 LIMIT $4 OFFSET $5) c
 ORDER BY c.id;

-- name: SQL_SCREEN_COUNT
-- The total of SQL_SCREEN_CANDIDATES, for paging, and how many
-- nominations of cycle $1 wait for their nominator's confirmation: all
-- organizers may know of them.
SELECT count(*) AS total,
       (SELECT count(*) FROM nominations
	 WHERE cycle_id = $1 AND status = 'pending') AS unconfirmed
  FROM candidates c
 WHERE c.cycle_id = $1 AND c.status <> 'merged'
   AND ($2::bigint IS NULL OR c.category_id = $2::bigint)
   AND EXISTS (SELECT 1 FROM nominations n WHERE n.candidate_id = c.id
	AND n.status <> 'pending' AND ($3::text IS NULL OR n.status = $3));

-- name: SQL_NOMINATION_SCREEN_FIND
-- A nomination with what screening needs, the row locked, and its cycle's
-- phase held still until the screening commits.
SELECT n.id, n.status, n.candidate_id, n.cycle_id, y.phase,
       y.notify_nominees, n.consent_contact_nominee, n.nominee_email,
       n.nominee_name, y.name AS cycle_name, k.name AS category_name,
       n.lang
  FROM nominations n
  JOIN cycles y ON y.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
 WHERE n.id = $1
   FOR UPDATE OF n FOR SHARE OF y;

-- name: SQL_NOMINATION_SCREEN
-- The first screening locks the nominee (first_screened_at, migration
-- 0018): never cleared, whatever the status becomes.
UPDATE nominations SET status = $2, screening_reason = NULLIF($3, ''),
       first_screened_at = coalesce(first_screened_at, now()),
       updated_at = now()
 WHERE id = $1
RETURNING id, status, coalesce(screening_reason, '') AS screening_reason,
	  candidate_id;
