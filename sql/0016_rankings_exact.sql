-- candidate_rankings() (0011) again, its sums made exact where their order
-- could change a rank.  Two candidates with the same reviews by the same
-- members must tie, and ties go by candidate id (SPEC §3, step 4); in
-- float8 a sum depends on the order its rows arrive in, which the plan
-- decides: a review's criteria, a candidate's reviews.  At 10,000
-- candidates (make bench's data) two such candidates came out in id
-- order from psql and in the other order from awards serve's generic
-- plan, their means a unit in the last place apart across a rounding
-- boundary.  Now a review's raw score is summed in numeric (exact) and
-- only then made float8, so equal reviews give equal s whatever the order;
-- z comes from s and its reviewer's mu and sigma, computed once per
-- reviewer; and a candidate's raw, score and spread are numeric
-- aggregates of those float8 values (each read as its 15 significant
-- digits, then summed exactly).  The reviewer's and the cycle's mu and
-- sigma stay float8: each is one value, shared by every review it scales.
CREATE OR REPLACE FUNCTION candidate_rankings(bigint, bigint)
    RETURNS TABLE (category_id bigint, category_name text,
		   candidate_id bigint, nominee_name text, rank bigint,
		   rank_raw bigint, score text, raw text, median text,
		   reviews bigint, spread text, disputed boolean)
    LANGUAGE sql STABLE AS $$
WITH s AS (
	SELECT r.user_id, r.candidate_id,
	       (sum(k.weight * (rs.score - k.min_score)
		    / (k.max_score - k.min_score))
		/ (SELECT sum(weight) FROM criteria
		    WHERE cycle_id = $1))::float8 AS s
	  FROM reviews r
	  JOIN candidates c ON c.id = r.candidate_id
	   AND c.cycle_id = $1 AND c.status = 'active'
	  JOIN review_scores rs ON rs.review_id = r.id
	  JOIN criteria k ON k.id = rs.criterion_id AND k.cycle_id = $1
	 WHERE r.final AND NOT r.merged
	   AND (r.candidate_id, r.user_id) NOT IN
	       (SELECT x.candidate_id, x.user_id FROM conflicts x)
	 GROUP BY r.id, r.user_id, r.candidate_id
), everyone AS (
	SELECT avg(s) AS mu, stddev_pop(s) AS sigma FROM s
), reviewer AS (
	SELECT user_id, count(*) AS n, avg(s) AS mu, stddev_pop(s) AS sigma
	  FROM s GROUP BY user_id
), z AS (
	SELECT s.candidate_id, s.s,
	       CASE WHEN u.n >= 3 AND u.sigma > 1e-12
		    THEN (s.s - u.mu) / u.sigma
		    WHEN e.sigma > 1e-12 THEN (s.s - e.mu) / e.sigma
		    ELSE 0 END AS z
	  FROM s JOIN reviewer u USING (user_id) CROSS JOIN everyone e
), cand AS (
	SELECT c.id, c.category_id, c.nominee_name, avg(z.s::numeric) AS raw,
	       percentile_cont(0.5) WITHIN GROUP (ORDER BY z.s) AS median,
	       avg(z.z::numeric) AS score, count(z.s) AS reviews,
	       stddev_pop(z.s::numeric) AS spread
	  FROM candidates c
	  LEFT JOIN z ON z.candidate_id = c.id
	 WHERE c.cycle_id = $1 AND c.status = 'active'
	   AND c.id IN (SELECT n.candidate_id FROM nominations n
			 WHERE n.cycle_id = $1 AND n.status = 'eligible')
	   AND c.id NOT IN (SELECT x.candidate_id FROM conflicts x
			     WHERE x.user_id = $2::bigint)
	 GROUP BY c.id
), keyed AS (
	SELECT cand.*, round(score::numeric, 12) AS score_key,
	       round(raw::numeric, 12) AS raw_key
	  FROM cand
)
SELECT cat.id AS category_id, cat.name AS category_name,
       k.id AS candidate_id, k.nominee_name,
       row_number() OVER (PARTITION BY cat.id
	   ORDER BY k.score_key DESC NULLS LAST, k.raw_key DESC NULLS LAST,
		    k.reviews DESC, k.id) AS rank,
       row_number() OVER (PARTITION BY cat.id
	   ORDER BY k.raw_key DESC NULLS LAST, k.id) AS rank_raw,
       round(k.score::numeric, 4)::text AS score,
       round((k.raw * 100)::numeric, 1)::text AS raw,
       round((k.median * 100)::numeric, 1)::text AS median,
       k.reviews, round(k.spread::numeric, 4)::text AS spread,
       coalesce(k.spread > 0.25, false) AS disputed
  FROM categories cat
  LEFT JOIN keyed k ON k.category_id = cat.id
 WHERE cat.cycle_id = $1
$$;
