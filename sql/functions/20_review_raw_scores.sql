-- Each counted review of cycle $1 with its weighted raw score s in
-- [0, 1]: the one definition of a review's score, read by
-- candidate_rankings() (which normalises and ranks it) and by the
-- export (which shows each reviewer's score beside the candidate).
-- A single SELECT in LANGUAGE sql, STABLE, so that the planner inlines
-- it into its caller.
--
-- Only final reviews of active candidates of the cycle count, never a
-- conflicted pair's (candidate_conflicts: a conflicted member's review
-- drops out the moment the conflict is in the data), and never the
-- second review a member wrote of two candidates since merged (merged
-- reviews).  Every weighted criterion is rounded to a multiple of 2^-40
-- before it is summed (1099511627776 = 2^40), so that the sum is exact
-- in float8 and the same in any order its rows arrive in
-- (30_candidate_rankings.sql says why that matters).
CREATE OR REPLACE FUNCTION review_raw_scores(bigint)
    RETURNS TABLE (review_id bigint, user_id bigint, candidate_id bigint,
		   s float8)
    LANGUAGE sql STABLE AS $$
SELECT r.id, r.user_id, r.candidate_id,
       sum(round(k.weight::float8 * (rs.score - k.min_score)
		 / (k.max_score - k.min_score) * 1099511627776)
	   / 1099511627776)
       / (SELECT sum(weight)::float8 FROM criteria
	   WHERE cycle_id = $1)
  FROM reviews r
  JOIN candidates c ON c.id = r.candidate_id
   AND c.cycle_id = $1 AND c.status = 'active'
  JOIN review_scores rs ON rs.review_id = r.id
  JOIN criteria k ON k.id = rs.criterion_id AND k.cycle_id = $1
 WHERE r.final AND NOT r.merged
   AND (r.candidate_id, r.user_id) NOT IN
       (SELECT x.candidate_id, x.user_id FROM candidate_conflicts x)
 GROUP BY r.id, r.user_id, r.candidate_id
$$;
