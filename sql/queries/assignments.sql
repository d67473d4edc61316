-- Assignments of committee members to candidates (assignment.c).  The
-- conflicts they must respect are candidate_conflicts (migration 0018):
-- declared, set by an organizer, or automatic, derived from the addresses
-- of nominees and nominators whenever it is read.

-- name: SQL_ASSIGN_DROP_CONFLICTED
-- Assignments of cycle $1 that a conflict now forbids, and that no review
-- has started, are removed (started work stays, hidden by the conflict).
DELETE FROM assignments a USING candidate_conflicts f, candidates c
 WHERE f.candidate_id = a.candidate_id AND f.user_id = a.user_id
   AND c.id = a.candidate_id AND c.cycle_id = $1
   AND NOT EXISTS (SELECT 1 FROM reviews r
	WHERE r.candidate_id = a.candidate_id AND r.user_id = a.user_id);

-- name: SQL_ASSIGN_RUN
-- Counts a run of the automatic assignment of cycle $1 (its number is in
-- the dedupe key of the mails), locking the cycle so that runs queue.
-- The deadline is written the same in every language (ISO 8601 with UTC
-- named), as the reminder writes it: no month's name.
UPDATE cycles SET assignment_runs = assignment_runs + 1
 WHERE id = $1
RETURNING assignment_runs AS run, phase, reviewers_per_candidate, name,
	  coalesce(to_char(scoring_close_at AT TIME ZONE 'UTC',
	      'YYYY-MM-DD HH24:MI "UTC"'), '-')
	      AS scoring_close;

-- name: SQL_ASSIGN_MEMBERS
-- Committee members with their load in cycle $1 (assignments of live
-- candidates), by id.
SELECT u.id, u.name, u.email,
       (SELECT count(*) FROM assignments a
	  JOIN candidates c ON c.id = a.candidate_id
	 WHERE a.user_id = u.id AND c.cycle_id = $1
	   AND c.status = 'active') AS load
  FROM users u
 WHERE u.role = 'committee'
 ORDER BY u.id;

-- name: SQL_ASSIGN_CANDIDATES
-- Candidates of cycle $1 that reach the committee (active, with an
-- eligible nomination), with their reviewers so far, by id.
SELECT c.id, (SELECT count(*) FROM assignments a
		WHERE a.candidate_id = c.id
		  AND NOT EXISTS (SELECT 1 FROM candidate_conflicts f
			WHERE f.candidate_id = a.candidate_id
			  AND f.user_id = a.user_id)) AS reviewers
  FROM candidates c
 WHERE c.cycle_id = $1 AND c.status = 'active'
   AND EXISTS (SELECT 1 FROM nominations n
	WHERE n.candidate_id = c.id AND n.status = 'eligible')
 ORDER BY c.id;

-- name: SQL_ASSIGN_TAKEN
-- The pairs of cycle $1 the run may not make: already assigned, or
-- conflicted; by candidate then member.
SELECT a.candidate_id, a.user_id
  FROM assignments a JOIN candidates c ON c.id = a.candidate_id
 WHERE c.cycle_id = $1
UNION
SELECT f.candidate_id, f.user_id
  FROM candidate_conflicts f JOIN candidates c ON c.id = f.candidate_id
 WHERE c.cycle_id = $1
 ORDER BY 1, 2;

-- name: SQL_ASSIGN_INSERT
-- The run's new pairs in one statement: $1 and $2 are arrays of candidate
-- and member ids, pair by pair.
INSERT INTO assignments (candidate_id, user_id)
SELECT candidate_id, user_id
  FROM unnest($1::bigint[], $2::bigint[]) AS p (candidate_id, user_id)
ON CONFLICT (candidate_id, user_id) DO NOTHING;

-- name: SQL_ASSIGNMENT_CANDIDATE
-- A candidate as a manual assignment needs it, the cycle row
-- shared-locked.
SELECT c.id, c.cycle_id, c.status, y.phase,
       EXISTS (SELECT 1 FROM nominations n WHERE n.candidate_id = c.id
	   AND n.status = 'eligible') AS eligible
  FROM candidates c JOIN cycles y ON y.id = c.cycle_id
 WHERE c.id = $1
   FOR SHARE OF y;

-- name: SQL_ASSIGNMENT_USER
SELECT id, role FROM users WHERE id = $1;

-- name: SQL_ASSIGNMENT_CONFLICTED
SELECT 1 AS conflicted FROM candidate_conflicts
 WHERE candidate_id = $1 AND user_id = $2
 LIMIT 1;

-- name: SQL_ASSIGNMENT_INSERT
INSERT INTO assignments (candidate_id, user_id) VALUES ($1, $2)
RETURNING id, candidate_id, user_id;

-- name: SQL_ASSIGNMENT_FIND
-- An assignment, whether its member has started a review, and its
-- cycle's phase, held still until the removal commits.
SELECT a.id, a.candidate_id, a.user_id, c.cycle_id, y.phase,
       EXISTS (SELECT 1 FROM reviews r WHERE r.candidate_id = a.candidate_id
	   AND r.user_id = a.user_id) AS started
  FROM assignments a JOIN candidates c ON c.id = a.candidate_id
  JOIN cycles y ON y.id = c.cycle_id
 WHERE a.id = $1
   FOR UPDATE OF a FOR SHARE OF y;

-- name: SQL_ASSIGNMENT_DELETE
DELETE FROM assignments WHERE id = $1;

-- name: SQL_ASSIGNMENT_LIST
-- Every committee member with their assignments in cycle $1 (one row per
-- assignment; a member without any has one row of NULLs), by member.  An
-- assignment a conflict now forbids is no work of the member's.
SELECT u.id AS user_id, u.name, u.email, a.id AS assignment_id,
       c.id AS candidate_id, c.nominee_name, c.category_id,
       CASE WHEN r.id IS NULL THEN 'none'
	    WHEN r.final THEN 'final' ELSE 'draft' END AS review
  FROM users u
  LEFT JOIN (assignments a JOIN candidates c
	ON c.id = a.candidate_id AND c.cycle_id = $1
	AND c.status = 'active') ON a.user_id = u.id
	AND NOT EXISTS (SELECT 1 FROM candidate_conflicts f
	     WHERE f.candidate_id = a.candidate_id AND f.user_id = u.id)
  LEFT JOIN reviews r ON r.candidate_id = a.candidate_id
	AND r.user_id = a.user_id AND NOT r.merged
 WHERE u.role = 'committee'
 ORDER BY u.name, u.id, c.id;

-- name: SQL_ASSIGNMENT_CANDIDATES
-- The candidates of cycle $1 that reach the committee, with their
-- reviewers (conflicted ones left out), for adding by hand: "candidates"
-- of GET /api/cycles/{id}/assignments.
SELECT c.id, c.nominee_name, c.category_id, k.name AS category_name,
       (SELECT count(*) FROM assignments a
	 WHERE a.candidate_id = c.id
	   AND NOT EXISTS (SELECT 1 FROM candidate_conflicts f
		WHERE f.candidate_id = a.candidate_id
		  AND f.user_id = a.user_id)) AS reviewers
  FROM candidates c JOIN categories k ON k.id = c.category_id
 WHERE c.cycle_id = $1 AND c.status = 'active'
   AND EXISTS (SELECT 1 FROM nominations n
	WHERE n.candidate_id = c.id AND n.status = 'eligible')
 ORDER BY c.id;
