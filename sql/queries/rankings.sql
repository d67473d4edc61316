-- The ranking of SPEC §3, per category, in one statement (ranking.c).

-- name: SQL_RANKINGS
-- $1 the cycle, $2 the member who asks (0 for an organizer: everything).
-- The computation of SPEC §3 is the function candidate_rankings() of
-- sql/0011_rankings.sql, which the export reads too: see it for how and
-- why.  Per category, best first.
SELECT category_id, category_name, candidate_id, nominee_name, rank,
       rank_raw, score, raw, median, reviews, spread, disputed
  FROM candidate_rankings($1::bigint, $2::bigint)
 ORDER BY category_id, rank;

-- name: SQL_RANKINGS_WORK_MEM
-- Inside the rankings' read-only transaction only: room for the hashes
-- and sorts of 300,000 reviews in memory (the default 4 MB spills them to
-- disk).  Organizers, and members in deliberation, are few.
SELECT set_config('work_mem', '64MB', true) AS work_mem;

-- name: SQL_RANKINGS_CYCLE
-- The cycle's name and phase: members read rankings only in
-- deliberation.
SELECT id AS cycle_id, name, phase FROM cycles WHERE id = $1;
