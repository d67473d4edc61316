-- What a committee member sees of their work, and what an organizer sees
-- of a candidate (member.c).  A member reads candidates only through the
-- view member_candidates (sql/0013_member_candidates.sql): assigned, not
-- conflicted, active, in a cycle between the close of nominations and the
-- decision.  No handler can forget a part of that rule.

-- name: SQL_ME_ASSIGNMENTS
-- The member's candidates, with the state of their own review; one
-- element per assignment, newest cycle first.  Only the nominee's name and
-- affiliation and the category: what may be shown before the member has
-- attested.  One row: the answer {"assignments": [...]} itself, which
-- me_assignments() sends as it is (http_json_answer(); building it in C,
-- object by object, and printing it again was a third of serve's work
-- for this request).
SELECT json_build_object('assignments', coalesce(json_agg(json_build_object(
	   'candidate_id', m.candidate_id,
	   'nominee_name', m.nominee_name,
	   'nominee_affiliation', m.nominee_affiliation,
	   'category_id', m.category_id,
	   'category_name', m.category_name,
	   'attested', m.attested,
	   'review', CASE WHEN r.id IS NULL THEN 'none'
			  WHEN r.final THEN 'final' ELSE 'draft' END,
	   'cycle_id', m.cycle_id,
	   'cycle_name', m.cycle_name,
	   'phase', m.phase,
	   'scoring_close_at', rfc3339(m.scoring_close_at),
	   'reopen_reason', r.reopen_reason)
	 ORDER BY m.cycle_id DESC, m.category_id, lower(m.nominee_name),
		  m.candidate_id),
	 '[]')) AS answer
  FROM member_candidates m
  LEFT JOIN reviews r ON r.candidate_id = m.candidate_id
   AND r.user_id = m.user_id
 WHERE m.user_id = $1;

-- name: SQL_CANDIDATE_FOR_MEMBER
-- Whether member $2 may see candidate $1 (no row: the handler answers
-- 404, the same as for an unknown id), with what the handlers that act on
-- it read: its cycle and phase, and whether the member has attested.
SELECT candidate_id, cycle_id, phase, attested
  FROM member_candidates
 WHERE candidate_id = $1 AND user_id = $2;

-- name: SQL_CANDIDATE_READ
-- GET /api/candidates/{id} for member $2 from address $3, in one
-- statement: the access check (member_candidates), the audit row of the
-- read (written if and only if the candidate is shown), and the answer's
-- JSON, which member_candidate_get() sends as it is (http_json_answer()).
-- No row: 404.
-- Before the member has attested: the nominee's name and affiliation,
-- the category and the cycle only.  After: also the statements of
-- eligible nominations, the only ones organizers have read as they are
-- (one edited since screening is submitted again, and not read), each
-- with the letters of its referees (their name and relationship, never
-- their address), "nominator" only in a cycle that is not blind and only
-- when the nominator gave a name, the rubric in the organizers' order, and the member's own review (null when
-- there is none).
WITH m AS (
	SELECT * FROM member_candidates
	 WHERE candidate_id = $1 AND user_id = $2
), audit AS (
	INSERT INTO audit_log (user_id, action, object_type, object_id,
			       address, detail)
	SELECT $2, 'candidate.read', 'candidate', m.candidate_id,
	       NULLIF($3, ''), jsonb_build_object('statements', m.attested)
	  FROM m
)
SELECT (candidate_json(m.candidate_id) ||
	jsonb_build_object('attested', m.attested) ||
	CASE WHEN NOT m.attested THEN '{}'::jsonb ELSE jsonb_build_object(
	   'nominations', (
		SELECT coalesce(jsonb_agg(jsonb_build_object(
			   'id', n.id,
			   'statement', n.statement,
			   'nominee_role', n.nominee_role,
			   'submitted_at',
			   rfc3339(coalesce(n.confirmed_at, n.created_at)),
			   'letters', (
				SELECT coalesce(jsonb_agg(jsonb_build_object(
					   'referee_name', r.name,
					   'relationship', r.relationship,
					   'letter', r.letter) ORDER BY r.id),
					'[]')
				  FROM referees r
				 WHERE r.nomination_id = n.id
				   AND r.letter IS NOT NULL)) ||
			 CASE WHEN m.blind OR n.nominator_name IS NULL
			      THEN '{}'::jsonb
			      ELSE jsonb_build_object('nominator',
				  jsonb_build_object(
				      'name', n.nominator_name,
				      'affiliation', n.nominator_affiliation,
				      'relationship',
				      n.nominator_relationship)) END
			 ORDER BY n.id), '[]')
		  FROM nominations n
		 WHERE n.candidate_id = m.candidate_id
		   AND n.status = 'eligible'
		   AND n.statement IS NOT NULL),
	   'criteria', coalesce((SELECT criteria FROM cycle_rubrics
				  WHERE cycle_id = m.cycle_id), '[]'),
	   'review', (
		SELECT jsonb_build_object(
			   'id', r.id,
			   'scores', coalesce((
				SELECT jsonb_object_agg(rs.criterion_id::text,
							rs.score)
				  FROM review_scores rs
				 WHERE rs.review_id = r.id), '{}'),
			   'comment', r.comment, 'final', r.final,
			   'version', r.version,
			   'reopen_reason', r.reopen_reason,
			   'reopened_at', rfc3339(r.reopened_at),
			   'updated_at', rfc3339(r.updated_at))
		  FROM reviews r
		 WHERE r.candidate_id = m.candidate_id AND r.user_id = $2)) END
       )::text AS answer
  FROM m;

-- name: SQL_CANDIDATE_FOR_ORGANIZER
-- Any candidate, whatever its status, but one of unconfirmed nominations
-- only: a pending nomination is seen by nobody but its nominator (SPEC
-- §3), and such a candidate is nothing else.  unconfirmed: how many of
-- its nominations are pending, all organizers may know of them.
-- candidate: the fields every reader sees (candidate_json()), as text.
SELECT candidate_json(c.id)::text AS candidate, c.cycle_id, cy.phase,
       c.email_key AS nominee_email, c.status, c.merged_into, c.private,
       (SELECT count(*) FROM nominations n
	 WHERE n.candidate_id = c.id AND n.status = 'pending')
	   AS unconfirmed
  FROM candidates c
  JOIN cycles cy ON cy.id = c.cycle_id
 WHERE c.id = $1
   AND (c.status = 'merged' OR EXISTS (SELECT 1 FROM nominations n
	WHERE n.candidate_id = c.id AND n.status <> 'pending'));

-- name: SQL_CANDIDATE_NOMINATIONS_ALL
-- Every confirmed nomination of the candidate, for organizers (a pending
-- one is only counted: SQL_CANDIDATE_FOR_ORGANIZER), as GET
-- /api/candidates/{id} shows them: the nominee and the nominator as
-- objects, the referees with their letters.
SELECT n.id, n.status,
       n.status = 'submitted' AND n.first_screened_at IS NOT NULL
	   AS edited_since_screening, n.statement,
       json_build_object('name', n.nominee_name, 'email', n.nominee_email,
			 'role', n.nominee_role) AS nominee,
       json_build_object('name', n.nominator_name,
			 'email', n.nominator_email,
			 'affiliation', n.nominator_affiliation,
			 'relationship', n.nominator_relationship)
	   AS nominator,
       n.consent_contact_nominee, n.screening_reason,
       rfc3339(n.created_at) AS created_at,
       rfc3339(n.confirmed_at) AS confirmed_at,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
		   'name', r.name, 'email', r.email,
		   'relationship', r.relationship, 'letter', r.letter,
		   'letter_at', rfc3339(r.letter_at)) ORDER BY r.id), '[]')
	  FROM referees r WHERE r.nomination_id = n.id) AS referees
  FROM nominations n
 WHERE n.candidate_id = $1 AND n.status <> 'pending'
 ORDER BY n.id;

-- name: SQL_RUBRIC_OF_CYCLE
-- The rubric of cycle $1 as a JSON array (cycle_rubrics), for the
-- organizer's view of a candidate.
SELECT coalesce((SELECT criteria FROM cycle_rubrics WHERE cycle_id = $1),
		'[]')::text AS criteria;

-- name: SQL_CRITERIA_OF_CYCLE
-- The rubric, in the order the organizers made it.  weight as text keeps
-- numeric's exact digits.
SELECT id AS criterion_id, name, description, weight::text AS weight,
       min_score, max_score, min_label, max_label
  FROM criteria
 WHERE cycle_id = $1
 ORDER BY id;

-- name: SQL_CANDIDATE_CONFLICTS
-- Who is conflicted with the candidate, and why (organizers only), as
-- GET /api/candidates/{id} shows them: one row per member, a declared or
-- organizer's row before an automatic one (candidate_conflicts,
-- migration 0018), in the order they arose.  A conflict only an
-- unconfirmed nomination makes is not shown: organizers see nothing of
-- such a nomination.
SELECT user_id, user_name, source, reason,
       rfc3339(created_at) AS created_at
  FROM (SELECT DISTINCT ON (x.user_id) x.user_id, u.name AS user_name,
	       x.source, x.reason, x.created_at
	  FROM candidate_conflicts x JOIN users u ON u.id = x.user_id
	 WHERE x.candidate_id = $1 AND NOT x.pending
	 ORDER BY x.user_id, x.source = 'automatic', x.created_at) f
 ORDER BY created_at, user_id;

-- name: SQL_CANDIDATE_ASSIGNMENTS
-- The candidate's reviewers (organizers only), conflicted ones left out,
-- as GET /api/candidates/{id} shows them.
SELECT a.id, a.user_id, u.name AS user_name,
       a.attested_at IS NOT NULL AS attested,
       CASE WHEN r.id IS NULL THEN 'none'
	    WHEN r.final THEN 'final' ELSE 'draft' END AS review
  FROM assignments a
  JOIN users u ON u.id = a.user_id
  LEFT JOIN reviews r ON r.candidate_id = a.candidate_id
   AND r.user_id = a.user_id
 WHERE a.candidate_id = $1
   AND NOT EXISTS (SELECT 1 FROM candidate_conflicts x
		    WHERE x.candidate_id = a.candidate_id
		      AND x.user_id = a.user_id)
 ORDER BY a.id;
