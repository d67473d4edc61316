-- Attestation and conflicts of interest (conflict.c).

-- name: SQL_ATTEST
-- "No conflict": statements unlock.  The first answer's time is kept.
UPDATE assignments SET attested_at = coalesce(attested_at, now())
 WHERE candidate_id = $1 AND user_id = $2
RETURNING rfc3339(attested_at) AS attested_at;

-- name: SQL_CONFLICT_INSERT
-- A declared ('declared', by the member) or silent ('organizer') conflict.
-- An existing row for the pair wins: no row comes back.
INSERT INTO conflicts (candidate_id, user_id, source, reason, created_by)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (candidate_id, user_id) DO NOTHING
RETURNING id AS conflict_id;

-- name: SQL_CONFLICT_DROP_ASSIGNMENT
-- A conflicted member leaves the candidate's reviewers, so automatic
-- assignment can top the candidate up; their review row stays but every
-- read filters it out by the conflict.
DELETE FROM assignments WHERE candidate_id = $1 AND user_id = $2;

-- name: SQL_CONFLICT_USER
SELECT id AS user_id FROM users WHERE id = $1;

-- name: SQL_CONFLICT_NOTICE
-- What the organizers' mail names: one row per organizer, with the
-- candidate's nominee, category and cycle.
SELECT u.id AS organizer_id, u.email, u.name, c.id AS candidate_id,
       c.nominee_name, cat.name AS category_name, cy.id AS cycle_id,
       cy.name AS cycle_name
  FROM candidates c
  JOIN categories cat ON cat.id = c.category_id
  JOIN cycles cy ON cy.id = c.cycle_id
  CROSS JOIN users u
 WHERE c.id = $1 AND u.role = 'organizer'
 ORDER BY u.id;
