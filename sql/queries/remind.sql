-- awards remind (remind.c).

-- name: SQL_REMIND_DUE
-- Each member with unfinished assignments (no final review) in a cycle in
-- phase scoring, conflicted pairs left out, with how many are left.  day
-- is today's UTC date from the database's clock, the dedupe key's day, so
-- that every host agrees on it.
SELECT u.id AS user_id, u.email, u.name, cy.id AS cycle_id,
       cy.name AS cycle_name,
       coalesce(to_char(cy.scoring_close_at AT TIME ZONE 'UTC',
			'YYYY-MM-DD HH24:MI "UTC"'), 'not set')
	   AS scoring_close_at,
       count(*) AS left_count,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
  FROM assignments a
  JOIN candidates c ON c.id = a.candidate_id AND c.status = 'active'
  JOIN cycles cy ON cy.id = c.cycle_id AND cy.phase = 'scoring'
  JOIN users u ON u.id = a.user_id
  LEFT JOIN reviews r ON r.candidate_id = a.candidate_id
   AND r.user_id = a.user_id
 WHERE (r.id IS NULL OR NOT r.final)
   AND NOT EXISTS (SELECT 1 FROM conflicts x
		    WHERE x.candidate_id = a.candidate_id
		      AND x.user_id = a.user_id)
 GROUP BY u.id, cy.id
 ORDER BY cy.id, u.id;
