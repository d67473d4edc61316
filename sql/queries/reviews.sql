-- Reviews: drafts, final reviews, reopening, reading (review.c).

-- name: SQL_REVIEW_UPSERT
-- Creates the member's review, or replaces it when it is not final and
-- $5, the version the save edits, is its current one ('' for the first
-- save: then an existing review is never replaced).  No row back: the
-- review is final or newer, and the handler answers 409 with it (the
-- row lock makes a second save of one version find the first's).
-- Saving it final again clears the reason it was reopened for.
INSERT INTO reviews (candidate_id, user_id, comment, final)
VALUES ($1, $2, $3, $4::boolean)
ON CONFLICT (candidate_id, user_id) DO UPDATE
   SET comment = EXCLUDED.comment, final = EXCLUDED.final,
       version = reviews.version + 1, updated_at = now(),
       reopen_reason = CASE WHEN EXCLUDED.final THEN NULL
			    ELSE reviews.reopen_reason END
 WHERE NOT reviews.final
   AND reviews.version = NULLIF($5, '')::integer
RETURNING id AS review_id, version, rfc3339(updated_at) AS updated_at;

-- name: SQL_REVIEW_CURRENT
-- Member $2's review of candidate $1 as its save answers it, for the 409
-- of a save that found it final or newer: {"id", "scores", "comment",
-- "final", "version", "updated_at"}.
SELECT jsonb_build_object(
	   'id', r.id,
	   'scores', coalesce((SELECT jsonb_object_agg(rs.criterion_id::text,
						       rs.score)
				 FROM review_scores rs
				WHERE rs.review_id = r.id), '{}'),
	   'comment', r.comment, 'final', r.final, 'version', r.version,
	   'updated_at', rfc3339(r.updated_at))::text AS review,
       r.final
  FROM reviews r
 WHERE r.candidate_id = $1 AND r.user_id = $2;

-- name: SQL_REVIEW_SCORES_CLEAR
-- PUT replaces the whole review: scores not sent are gone.
DELETE FROM review_scores WHERE review_id = $1;

-- name: SQL_REVIEW_SCORES_INSERT
-- $2 is the checked scores object {"<criterion id>": n}.
INSERT INTO review_scores (review_id, criterion_id, score)
SELECT $1, s.key::bigint, s.value::integer
  FROM jsonb_each_text($2::jsonb) s;

-- name: SQL_REVIEW_FIND
-- A review with its cycle's phase, locked for reopening.
SELECT r.id AS review_id, r.candidate_id, r.user_id, r.final, cy.phase
  FROM reviews r
  JOIN candidates c ON c.id = r.candidate_id
  JOIN cycles cy ON cy.id = c.cycle_id
 WHERE r.id = $1
   FOR UPDATE OF r;

-- name: SQL_REVIEW_REOPEN
-- Review $1 becomes a draft again, with the organizer's reason $2, which
-- its member reads on their pages until they make it final again.  The
-- version stays: the content did not change.  Returns what the member's
-- mail says (review_reopened), and reopened_us, which makes each reopen's
-- mail its own (a review may be reopened more than once).
UPDATE reviews r
   SET final = false, reopen_reason = $2, reopened_at = now(),
       updated_at = now()
  FROM users u, candidates c, categories k, cycles cy
 WHERE r.id = $1 AND u.id = r.user_id AND c.id = r.candidate_id
   AND k.id = c.category_id AND cy.id = c.cycle_id
RETURNING r.id AS review_id, r.candidate_id, cy.id AS cycle_id,
	  u.email, u.name, c.nominee_name, k.name AS category_name,
	  cy.name AS cycle_name,
	  floor(extract(epoch FROM r.reopened_at) * 1000000)::bigint
	      AS reopened_us;

-- name: SQL_REVIEWS_OF_CANDIDATE
-- The candidate's reviews, never a conflicted member's; final ones only
-- when $2 is true (members in deliberation), drafts too for organizers;
-- as GET /api/candidates/{id}/reviews lists them.
SELECT r.id, r.user_id, u.name AS reviewer_name,
       coalesce((SELECT jsonb_object_agg(rs.criterion_id::text, rs.score)
		   FROM review_scores rs WHERE rs.review_id = r.id),
		'{}'::jsonb) AS scores,
       r.comment, r.final, rfc3339(r.updated_at) AS updated_at
  FROM reviews r
  JOIN users u ON u.id = r.user_id
 WHERE r.candidate_id = $1 AND (r.final OR NOT $2::boolean)
   AND NOT EXISTS (SELECT 1 FROM candidate_conflicts x
		    WHERE x.candidate_id = r.candidate_id
		      AND x.user_id = r.user_id)
 ORDER BY r.id;
