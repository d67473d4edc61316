-- Reviews: drafts, final reviews, reopening, reading (review.c).

-- name: SQL_REVIEW_UPSERT
-- Creates or replaces the member's review unless it is final: then no
-- row comes back and the handler answers 409, race-free.
INSERT INTO reviews (candidate_id, user_id, comment, final)
VALUES ($1, $2, $3, $4::boolean)
ON CONFLICT (candidate_id, user_id) DO UPDATE
   SET comment = EXCLUDED.comment, final = EXCLUDED.final,
       updated_at = now()
 WHERE NOT reviews.final
RETURNING id AS review_id, rfc3339(updated_at) AS updated_at;

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
UPDATE reviews SET final = false, updated_at = now() WHERE id = $1;

-- name: SQL_REVIEWS_OF_CANDIDATE
-- The candidate's reviews, never a conflicted member's; final ones only
-- when $2 is true (members in deliberation), drafts too for organizers.
SELECT r.id AS review_id, r.user_id, u.name AS reviewer_name, r.comment,
       r.final, rfc3339(r.updated_at) AS updated_at,
       coalesce((SELECT jsonb_object_agg(rs.criterion_id::text, rs.score)
		   FROM review_scores rs WHERE rs.review_id = r.id),
		'{}'::jsonb)::text AS scores
  FROM reviews r
  JOIN users u ON u.id = r.user_id
 WHERE r.candidate_id = $1 AND (r.final OR NOT $2::boolean)
   AND NOT EXISTS (SELECT 1 FROM candidate_conflicts x
		    WHERE x.candidate_id = r.candidate_id
		      AND x.user_id = r.user_id)
 ORDER BY r.id;
