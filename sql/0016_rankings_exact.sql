-- candidate_rankings() (0011) again, its sums made independent of the
-- order their rows arrive in.  Two candidates with the same reviews by the
-- same members must tie, and ties go by candidate id (SPEC §3, step 4);
-- but a float8 sum depends on its order, which the plan decides (a
-- review's criteria, a candidate's reviews).  At 10,000 candidates (make
-- bench's data) two such candidates came out in id order from psql and
-- in the other from awards serve's generic plan: their means a unit in
-- the last place apart, across a rounding boundary of the 12 decimals the
-- order compares.
--
-- Now every value summed is first rounded to a multiple of 2^-40
-- (1099511627776 = 2^40; about 1e-12, below what any score or rank shows).
-- float8 adds such values exactly while the sum stays below 2^13, so any
-- order gives the same sum: a review's weighted criteria (weights and
-- criteria would need to sum past 8,192 to leave that range), and a
-- candidate's s and z for raw and score.  The spread is a numeric
-- aggregate (exact), and the median sorts its input.  z comes from s and
-- its reviewer's mu and sigma, one value per reviewer.  Summing in numeric
-- instead did the same but took 20-60 % longer at 100,000 candidates (its
-- per-review states spilled the hash of step 1 to disk at 64 MB).
CREATE OR REPLACE FUNCTION candidate_rankings(bigint, bigint)
    RETURNS TABLE (category_id bigint, category_name text,
		   candidate_id bigint, nominee_name text, rank bigint,
		   rank_raw bigint, score text, raw text, median text,
		   reviews bigint, spread text, disputed boolean)
    LANGUAGE sql STABLE AS $$
WITH s AS (
	SELECT r.user_id, r.candidate_id,
	       sum(round(k.weight::float8 * (rs.score - k.min_score)
			 / (k.max_score - k.min_score) * 1099511627776)
		   / 1099511627776)
	       / (SELECT sum(weight)::float8 FROM criteria
		   WHERE cycle_id = $1) AS s
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
	SELECT c.id, c.category_id, c.nominee_name,
	       avg(round(z.s * 1099511627776) / 1099511627776) AS raw,
	       percentile_cont(0.5) WITHIN GROUP (ORDER BY z.s) AS median,
	       avg(round(z.z * 1099511627776) / 1099511627776) AS score,
	       count(z.s) AS reviews, stddev_pop(z.s::numeric) AS spread
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
