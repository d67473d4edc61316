-- Deliberation: the discussion thread of a candidate
-- (comment.c) and the meeting (meeting.c).

-- name: SQL_COMMENT_MEMBER_ACCESS
-- Whether member $2 may reach candidate $1's thread: assigned, not
-- conflicted, active (member_candidates); review_final says whether
-- their own review is final, which the thread waits for.  No row: 404.
SELECT m.cycle_id, m.phase, coalesce(r.final, false) AS review_final
  FROM member_candidates m
  LEFT JOIN reviews r ON r.candidate_id = m.candidate_id
   AND r.user_id = m.user_id
 WHERE m.candidate_id = $1 AND m.user_id = $2;

-- name: SQL_COMMENTS_OF_CANDIDATE
-- Candidate $1's thread, oldest first, as user $2 reads it: the author's
-- name (a member's or an organizer's; nothing of a nominator), and
-- whether $2 may still edit each.  A conflicted member's comments are
-- dropped from what others see, like their reviews.  The columns are
-- the API's comments (comment.c).
SELECT k.id, k.user_id, u.name AS author_name, k.body,
       rfc3339(k.created_at) AS created_at,
       rfc3339(k.updated_at) AS updated_at,
       k.updated_at > k.created_at AS edited,
       rfc3339(comment_editable_until(k.created_at)) AS editable_until,
       k.user_id = $2 AND now() < comment_editable_until(k.created_at)
	   AS editable
  FROM comments k
  JOIN users u ON u.id = k.user_id
 WHERE k.candidate_id = $1
   AND NOT EXISTS (SELECT 1 FROM conflicts x
		    WHERE x.candidate_id = k.candidate_id
		      AND x.user_id = k.user_id)
 ORDER BY k.id;

-- name: SQL_COMMENT_INSERT
-- The new comment as POST answers it, with its author's name.
INSERT INTO comments (candidate_id, user_id, body)
VALUES ($1, $2, $3)
RETURNING id, candidate_id, user_id,
	  (SELECT u.name FROM users u WHERE u.id = comments.user_id)
	      AS author_name,
	  body, rfc3339(created_at) AS created_at,
	  rfc3339(comment_editable_until(created_at)) AS editable_until;

-- name: SQL_COMMENT_FIND
-- Comment $1 with its candidate, its cycle's phase and whether its
-- author's 15 minutes are still running; locked for the edit.
SELECT k.id AS comment_id, k.candidate_id, k.user_id, cy.phase,
       now() < comment_editable_until(k.created_at) AS editable
  FROM comments k
  JOIN candidates c ON c.id = k.candidate_id
  JOIN cycles cy ON cy.id = c.cycle_id
 WHERE k.id = $1
   FOR UPDATE OF k;

-- name: SQL_COMMENT_UPDATE
-- The changed comment as PATCH answers it.
UPDATE comments SET body = $2, updated_at = now()
 WHERE id = $1
RETURNING id, candidate_id, body,
	  rfc3339(created_at) AS created_at,
	  rfc3339(updated_at) AS updated_at,
	  rfc3339(comment_editable_until(created_at)) AS editable_until;

-- name: SQL_COMMENT_DELETE
DELETE FROM comments WHERE id = $1;

-- name: SQL_MEETING_FOLLOW
-- The follow request of a meeting, in one statement: the ETag that
-- cycle $2's meeting has for the holder of the session of hash $1 (no
-- row: no live session, or no such cycle; the handler then takes the
-- ordinary way, which answers 401 or 404).  The session is touched as
-- SQL_SESSION_LOAD's caller does, at most once a minute, so that a
-- member who follows a long meeting stays signed in.
WITH s AS (
	SELECT ls.id, ls.user_id,
	       ls.last_seen_at < now() - interval '1 minute' AS stale
	  FROM live_sessions ls
	 WHERE ls.hash = $1
), touch AS (
	UPDATE sessions SET last_seen_at = now()
	 WHERE id = (SELECT id FROM s WHERE stale)
)
SELECT meeting_etag(cy.phase, mt.candidate_id, mt.set_at,
		    u.role <> 'organizer' AND EXISTS (
			SELECT 1 FROM conflicts x
			 WHERE x.candidate_id = mt.candidate_id
			   AND x.user_id = s.user_id)) AS etag
  FROM s
  JOIN users u ON u.id = s.user_id
  JOIN cycles cy ON cy.id = $2
  LEFT JOIN meetings mt ON mt.cycle_id = cy.id;

-- name: SQL_MEETING_GET
-- Cycle $1's meeting as user $2 sees it ($3: whether they are an
-- organizer, whom no conflict hides anything from).  No row: no such
-- cycle.  candidate_id and set_at are NULL before the first pick.
SELECT cy.phase, mt.candidate_id, rfc3339(mt.set_at) AS set_at,
       k.conflicted,
       meeting_etag(cy.phase, mt.candidate_id, mt.set_at, k.conflicted)
	   AS etag
  FROM cycles cy
  LEFT JOIN meetings mt ON mt.cycle_id = cy.id
 CROSS JOIN LATERAL (
	SELECT NOT $3::boolean AND EXISTS (
		SELECT 1 FROM conflicts x
		 WHERE x.candidate_id = mt.candidate_id
		   AND x.user_id = $2) AS conflicted) k
 WHERE cy.id = $1;

-- name: SQL_MEETING_CYCLE
-- Cycle $1's phase, FOR SHARE: a phase change waits for the pick.
SELECT id AS cycle_id, phase FROM cycles WHERE id = $1 FOR SHARE;

-- name: SQL_MEETING_CANDIDATE
-- Whether candidate $1 is an eligible candidate of cycle $2: active,
-- with a nomination screened eligible.
SELECT c.id AS candidate_id
  FROM candidates c
 WHERE c.id = $1 AND c.cycle_id = $2 AND c.status = 'active'
   AND EXISTS (SELECT 1 FROM nominations n
		WHERE n.candidate_id = c.id AND n.status = 'eligible');

-- name: SQL_MEETING_SET
INSERT INTO meetings (cycle_id, candidate_id, set_by)
VALUES ($1, $2, $3)
    ON CONFLICT (cycle_id)
    DO UPDATE SET candidate_id = EXCLUDED.candidate_id,
		  set_by = EXCLUDED.set_by, set_at = clock_timestamp()
RETURNING candidate_id, rfc3339(set_at) AS set_at;
