-- Merging two candidates of one category (merge.c).

-- name: SQL_MERGE_FIND
-- Both candidates, locked in id order so that two merges cannot deadlock,
-- with their cycle's phase, held still (FOR SHARE) until the merge commits.
SELECT c.id, c.cycle_id, c.category_id, c.status, y.phase
  FROM candidates c
  JOIN cycles y ON y.id = c.cycle_id
 WHERE c.id IN ($1, $2)
 ORDER BY c.id
   FOR UPDATE OF c FOR SHARE OF y;

-- name: SQL_MERGE_NOMINATIONS
UPDATE nominations SET candidate_id = $2, updated_at = now()
 WHERE candidate_id = $1;

-- name: SQL_MERGE_CONFLICTS
-- A member's conflict follows to the candidate kept, unless they already
-- have one there (the first one found stays).
UPDATE conflicts f SET candidate_id = $2
 WHERE f.candidate_id = $1
   AND NOT EXISTS (SELECT 1 FROM conflicts g
	WHERE g.candidate_id = $2 AND g.user_id = f.user_id);

-- name: SQL_MERGE_REVIEWS
-- Reviews follow unless the member reviewed the candidate kept too: then
-- theirs of the candidate kept stays, and the other stays behind with the
-- merged candidate, marked merged (kept, never counted).
WITH moved AS (UPDATE reviews r SET candidate_id = $2, updated_at = now()
	WHERE r.candidate_id = $1
	  AND NOT EXISTS (SELECT 1 FROM reviews s
		WHERE s.candidate_id = $2 AND s.user_id = r.user_id)
	RETURNING r.id)
UPDATE reviews SET merged = true
 WHERE candidate_id = $1 AND id NOT IN (SELECT id FROM moved);

-- name: SQL_MERGE_ASSIGNMENTS
-- Assignments follow unless the member has one of the candidate kept
-- already (that one stays, keeping their attestation); the duplicates go.
WITH moved AS (UPDATE assignments a SET candidate_id = $2
	WHERE a.candidate_id = $1
	  AND NOT EXISTS (SELECT 1 FROM assignments b
		WHERE b.candidate_id = $2 AND b.user_id = a.user_id)
	RETURNING a.id)
DELETE FROM assignments
 WHERE candidate_id = $1 AND id NOT IN (SELECT id FROM moved);

-- name: SQL_MERGE_DROP_CONFLICTED
-- A member conflicted with either candidate (a row of conflicts that
-- followed, or a nomination that did) is no longer assigned to the one
-- kept (what they wrote stays, hidden by the conflict).
DELETE FROM assignments a USING candidate_conflicts f
 WHERE a.candidate_id = $1 AND f.candidate_id = $1
   AND f.user_id = a.user_id;

-- name: SQL_MERGE_MARK
UPDATE candidates SET status = 'merged', merged_into = $2 WHERE id = $1;

-- name: SQL_MERGE_REVIVE
-- The candidate kept is active again if a nomination it gained is live.
UPDATE candidates c SET status = 'active'
 WHERE c.id = $1 AND c.status = 'withdrawn'
   AND EXISTS (SELECT 1 FROM nominations n WHERE n.candidate_id = c.id
	AND n.status IN ('submitted', 'eligible', 'ineligible'));
