-- Cycles and their categories (cycle.c).

-- name: SQL_CYCLE_CURRENT
-- The cycle open for nominations, if any (a unique index allows one).
SELECT id, name, phase,
       rfc3339(nominations_close_at) AS nominations_close_at
  FROM cycles
 WHERE phase = 'nominations_open';

-- name: SQL_CATEGORY_LIST
SELECT id, name, description, max_awardees
  FROM categories
 WHERE cycle_id = $1
 ORDER BY id;
