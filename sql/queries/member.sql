-- What a committee member sees of their work, and what an organizer sees
-- of a candidate (member.c).  A member is conflicted with a candidate iff
-- a row of conflicts exists for the pair: every member statement here
-- filters on it, so no handler can forget.  Assignments show while the
-- cycle is between the close of nominations and the decision.

-- name: SQL_ME_ASSIGNMENTS
-- The member's candidates, never a conflicted one, with the state of
-- their own review; one element per assignment, newest cycle first.  Only
-- the nominee's name and affiliation and the category: what may be shown
-- before the member has attested.  One row: the JSON array itself, which
-- me_assignments() answers as it is (building it in C, object by object,
-- and printing it again was a third of serve's work for this request).
SELECT coalesce(json_agg(json_build_object(
	   'candidate_id', a.candidate_id,
	   'nominee_name', c.nominee_name,
	   'nominee_affiliation', c.nominee_affiliation,
	   'category_id', c.category_id,
	   'category_name', cat.name,
	   'attested', a.attested_at IS NOT NULL,
	   'review', CASE WHEN r.id IS NULL THEN 'none'
			  WHEN r.final THEN 'final' ELSE 'draft' END,
	   'cycle_id', cy.id,
	   'cycle_name', cy.name,
	   'phase', cy.phase,
	   'scoring_close_at', rfc3339(cy.scoring_close_at))
	 ORDER BY cy.id DESC, cat.id, lower(c.nominee_name), c.id),
	 '[]') AS assignments
  FROM assignments a
  JOIN candidates c ON c.id = a.candidate_id AND c.status = 'active'
  JOIN categories cat ON cat.id = c.category_id
  JOIN cycles cy ON cy.id = c.cycle_id
   AND cy.phase IN ('nominations_closed', 'scoring', 'deliberation',
		    'decided')
  LEFT JOIN reviews r ON r.candidate_id = a.candidate_id
   AND r.user_id = a.user_id
 WHERE a.user_id = $1
   AND NOT EXISTS (SELECT 1 FROM conflicts x
		    WHERE x.candidate_id = a.candidate_id
		      AND x.user_id = a.user_id);

-- name: SQL_CANDIDATE_FOR_MEMBER
-- The candidate $1 as member $2 may see it: only when assigned, not
-- conflicted, active, in a cycle with visible assignments (else no row:
-- the handler answers 404, the same as for an unknown id).
SELECT c.id AS candidate_id, c.nominee_name, c.nominee_affiliation,
       c.category_id, cat.name AS category_name,
       cy.id AS cycle_id, cy.name AS cycle_name, cy.phase, cy.blind,
       rfc3339(cy.scoring_close_at) AS scoring_close_at,
       a.attested_at IS NOT NULL AS attested
  FROM assignments a
  JOIN candidates c ON c.id = a.candidate_id AND c.status = 'active'
  JOIN categories cat ON cat.id = c.category_id
  JOIN cycles cy ON cy.id = c.cycle_id
   AND cy.phase IN ('nominations_closed', 'scoring', 'deliberation',
		    'decided')
 WHERE a.candidate_id = $1 AND a.user_id = $2
   AND NOT EXISTS (SELECT 1 FROM conflicts x
		    WHERE x.candidate_id = a.candidate_id
		      AND x.user_id = a.user_id);

-- name: SQL_CANDIDATE_FOR_ORGANIZER
-- Any candidate, whatever its status.
SELECT c.id AS candidate_id, c.nominee_name, c.nominee_affiliation,
       c.email_key AS nominee_email, c.status, c.merged_into,
       c.category_id, cat.name AS category_name,
       cy.id AS cycle_id, cy.name AS cycle_name, cy.phase, cy.blind,
       rfc3339(cy.scoring_close_at) AS scoring_close_at
  FROM candidates c
  JOIN categories cat ON cat.id = c.category_id
  JOIN cycles cy ON cy.id = c.cycle_id
 WHERE c.id = $1;

-- name: SQL_CANDIDATE_STATEMENTS
-- The statements a member reads: submitted or eligible nominations only
-- (never pending, ineligible or withdrawn).  In a blind cycle ($2 true)
-- the nominator's columns are NULL here already, so no code path can
-- leak them.
SELECT n.id AS nomination_id, n.statement, n.nominee_role,
       CASE WHEN $2::boolean THEN NULL ELSE n.nominator_name END
	   AS nominator_name,
       CASE WHEN $2::boolean THEN NULL ELSE n.nominator_affiliation END
	   AS nominator_affiliation,
       CASE WHEN $2::boolean THEN NULL ELSE n.nominator_relationship END
	   AS nominator_relationship,
       rfc3339(coalesce(n.confirmed_at, n.created_at)) AS submitted_at
  FROM nominations n
 WHERE n.candidate_id = $1 AND n.status IN ('submitted', 'eligible')
   AND n.statement IS NOT NULL
 ORDER BY n.id;

-- name: SQL_CANDIDATE_NOMINATIONS_ALL
-- Every nomination of the candidate, for organizers.
SELECT n.id AS nomination_id, n.status, n.statement, n.nominee_name,
       n.nominee_email, n.nominee_role, n.nominator_name,
       n.nominator_email, n.nominator_affiliation,
       n.nominator_relationship, n.consent_contact_nominee,
       n.screening_reason, rfc3339(n.created_at) AS created_at,
       rfc3339(n.confirmed_at) AS confirmed_at
  FROM nominations n
 WHERE n.candidate_id = $1
 ORDER BY n.id;

-- name: SQL_CRITERIA_OF_CYCLE
-- The rubric, in the order the organizers made it.  weight as text keeps
-- numeric's exact digits.
SELECT id AS criterion_id, name, description, weight::text AS weight,
       min_score, max_score, min_label, max_label
  FROM criteria
 WHERE cycle_id = $1
 ORDER BY id;

-- name: SQL_REVIEW_OF_MEMBER
-- The member's own review of the candidate, draft or final, with its
-- scores as a JSON object keyed by criterion id.
SELECT r.id AS review_id, r.comment, r.final,
       rfc3339(r.updated_at) AS updated_at,
       coalesce((SELECT jsonb_object_agg(rs.criterion_id::text, rs.score)
		   FROM review_scores rs WHERE rs.review_id = r.id),
		'{}'::jsonb)::text AS scores
  FROM reviews r
 WHERE r.candidate_id = $1 AND r.user_id = $2;

-- name: SQL_CANDIDATE_CONFLICTS
-- Who is conflicted with the candidate, and why (organizers only).
SELECT x.user_id, u.name AS user_name, x.source, x.reason,
       rfc3339(x.created_at) AS created_at
  FROM conflicts x JOIN users u ON u.id = x.user_id
 WHERE x.candidate_id = $1
 ORDER BY x.id;

-- name: SQL_CANDIDATE_ASSIGNMENTS
-- The candidate's reviewers (organizers only), conflicted ones left out.
SELECT a.id AS assignment_id, a.user_id, u.name AS user_name,
       a.attested_at IS NOT NULL AS attested,
       CASE WHEN r.id IS NULL THEN 'none'
	    WHEN r.final THEN 'final' ELSE 'draft' END AS review
  FROM assignments a
  JOIN users u ON u.id = a.user_id
  LEFT JOIN reviews r ON r.candidate_id = a.candidate_id
   AND r.user_id = a.user_id
 WHERE a.candidate_id = $1
   AND NOT EXISTS (SELECT 1 FROM conflicts x
		    WHERE x.candidate_id = a.candidate_id
		      AND x.user_id = a.user_id)
 ORDER BY a.id;
