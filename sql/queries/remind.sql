-- awards remind (remind.c).

-- name: SQL_REMIND_DUE
-- Each member with unfinished assignments (no final review) in a cycle in
-- phase scoring, with how many are left; member_candidates leaves out
-- conflicted pairs and inactive candidates.  day
-- is today's UTC date from the database's clock, the dedupe key's day, so
-- that every host agrees on it.
SELECT u.id AS user_id, u.email, u.name, m.cycle_id, m.cycle_name,
       coalesce(to_char(m.scoring_close_at AT TIME ZONE 'UTC',
			'YYYY-MM-DD HH24:MI "UTC"'), 'not set')
	   AS scoring_close_at,
       count(*) AS left_count,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
  FROM member_candidates m
  JOIN users u ON u.id = m.user_id
  LEFT JOIN reviews r ON r.candidate_id = m.candidate_id
   AND r.user_id = m.user_id
 WHERE m.phase = 'scoring' AND (r.id IS NULL OR NOT r.final)
 GROUP BY u.id, m.cycle_id, m.cycle_name, m.scoring_close_at
 ORDER BY m.cycle_id, u.id;
