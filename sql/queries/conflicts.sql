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

-- name: SQL_CONFLICT_LIST
-- Every conflict of cycle $1 for its organizers, one row per ground (a
-- member who nominated a candidate and wrote a letter for it shows
-- twice), with the candidate, the member and the reason; merged
-- candidates are left out (their conflicts followed the nominations).
-- As GET /api/cycles/{id}/conflicts lists them: id is the row to remove,
-- none for a derived conflict, which cannot be removed.
SELECT x.conflict_id AS id, x.candidate_id, c.nominee_name,
       cat.name AS category_name, x.user_id, u.name AS user_name,
       x.source, x.basis, x.reason, x.pending,
       x.source <> 'automatic' AS removable,
       rfc3339(x.created_at) AS created_at
  FROM candidate_conflicts x
  JOIN candidates c ON c.id = x.candidate_id
  JOIN categories cat ON cat.id = c.category_id
  JOIN users u ON u.id = x.user_id
 WHERE c.cycle_id = $1 AND c.merged_into IS NULL
 ORDER BY cat.id, c.nominee_name, c.id, u.name, u.id, x.basis;

-- name: SQL_CONFLICT_FIND
-- Conflict row $1 with its cycle's phase, locked until it is removed.
SELECT x.id, x.source, x.candidate_id, x.user_id, y.phase
  FROM conflicts x
  JOIN candidates c ON c.id = x.candidate_id
  JOIN cycles y ON y.id = c.cycle_id
 WHERE x.id = $1
   FOR UPDATE OF x;

-- name: SQL_CONFLICT_DELETE
-- Removes a declared or organizer-set conflict; a derived one has no row
-- to remove.  The dropped assignment does not come back: the organizers
-- assign again if they want to.
DELETE FROM conflicts WHERE id = $1 AND source IN ('declared', 'organizer')
RETURNING id;
