-- awards remind (remind.c).

-- name: SQL_REMIND_DUE
-- Each member with unfinished assignments (no final review) in a cycle in
-- phase scoring (cycle $1 alone unless it is NULL), with how many are
-- left; member_candidates leaves out
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
   AND ($1::bigint IS NULL OR m.cycle_id = $1)
 GROUP BY u.id, m.cycle_id, m.cycle_name, m.scoring_close_at
 ORDER BY m.cycle_id, u.id;

-- name: SQL_REMIND_LATE
-- The late members of cycle $1 for the organizers' page, as "late" of
-- GET /api/cycles/{id}/reminders lists them: each member with a review
-- not final, how many are drafts and how many not started, and the hours
-- left before scoring closes (negative: past it; NULL: no date set).
SELECT u.id AS user_id, u.name, u.email,
       count(*) FILTER (WHERE r.id IS NOT NULL) AS drafts,
       count(*) FILTER (WHERE r.id IS NULL) AS not_started,
       floor(extract(epoch FROM (m.scoring_close_at - now())) / 3600)
	   ::bigint AS hours_left
  FROM member_candidates m
  JOIN users u ON u.id = m.user_id
  LEFT JOIN reviews r ON r.candidate_id = m.candidate_id
   AND r.user_id = m.user_id
 WHERE m.cycle_id = $1 AND (r.id IS NULL OR NOT r.final)
 GROUP BY u.id, m.scoring_close_at
 ORDER BY count(*) DESC, u.name, u.id;

-- name: SQL_REMIND_QUEUED
-- The reminders of cycle $1 queued by this very transaction (its now()),
-- which a preview reads before rolling back.
SELECT to_address, to_name, subject, body
  FROM outbox
 WHERE cycle_id = $1 AND event = 'reminder' AND created_at = now()
 ORDER BY id;

-- name: SQL_REMIND_CYCLE
SELECT id, phase FROM cycles WHERE id = $1 FOR UPDATE;
