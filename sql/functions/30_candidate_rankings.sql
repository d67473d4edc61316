-- The ranking of SPEC §3 as a function of the database, so that the
-- rankings endpoint and the export read the very same computation
-- (sql/queries/rankings.sql and export.sql call it).  A single SELECT in
-- LANGUAGE sql, STABLE: the planner inlines it into its caller.
-- $1 the cycle, $2 the member who asks (0 for an organizer: everything).
--
-- The reviews that count, and s, each one's weighted raw score in
-- [0, 1], are review_raw_scores()'s (20_review_raw_scores.sql).  z
-- normalises s by its reviewer's mean and population deviation over the
-- cycle, or by the cycle's when the reviewer has fewer than 3 final
-- reviews or a deviation of 0 (below 1e-12: float noise of equal
-- scores), and is 0 when the cycle's deviation is 0 too.  Ranked
-- candidates are the active ones with an eligible nomination; a member's
-- conflicted candidates are left out before ranks are numbered, so no gap
-- shows where one was.
--
-- Sums are independent of the order their rows arrive in, so that two
-- candidates with the same reviews by the same members tie, and ties go
-- by candidate id (SPEC §3, step 4), whatever plan runs it: every value
-- summed is first rounded to a multiple of 2^-40 (1099511627776 = 2^40;
-- about 1e-12, below what any score or rank shows), and float8 adds such
-- values exactly while the sum stays below 2^13 (criteria_per_cycle and
-- the weight bounds of migration 0019 keep it there).  The spread is a
-- numeric aggregate (exact), and the median sorts its input.  Orders
-- compare values rounded to 12 decimals.  docs/performance.md has the
-- measurements behind this.
--
-- Linear in the reviews: the conflict and eligibility filters are NOT IN
-- / IN over subqueries, which PostgreSQL runs as one hash each (a
-- correlated NOT EXISTS became a scan of conflicts per review); with the
-- work_mem of SQL_RANKINGS_WORK_MEM, joins and aggregates hash in memory.
CREATE OR REPLACE FUNCTION candidate_rankings(bigint, bigint)
    RETURNS TABLE (category_id bigint, category_name text,
		   candidate_id bigint, nominee_name text, rank bigint,
		   rank_raw bigint, score text, raw text, median text,
		   reviews bigint, spread text, disputed boolean)
    LANGUAGE sql STABLE AS $$
WITH s AS (
	SELECT user_id, candidate_id, s FROM review_raw_scores($1)
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
	   AND c.id NOT IN (SELECT x.candidate_id FROM candidate_conflicts x
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
