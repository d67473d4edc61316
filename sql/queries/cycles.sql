-- Cycles and their categories (cycle.c).

-- name: SQL_CYCLE_CURRENT
-- The cycle open for nominations, if any (a unique index allows one), as
-- GET /api/cycles/current answers it: with its categories, and of them
-- what anyone may see.
SELECT y.id, y.name, y.phase, y.letters_max, y.exit_url,
       rfc3339(y.nominations_close_at) AS nominations_close_at,
       (SELECT coalesce(json_agg(json_build_object('id', k.id,
		   'name', k.name, 'description', k.description)
		   ORDER BY k.id), '[]')
	  FROM categories k WHERE k.cycle_id = y.id) AS categories
  FROM cycles y
 WHERE y.phase = 'nominations_open';

-- name: SQL_CATEGORY_LIST
SELECT id, name, description, max_awardees
  FROM categories
 WHERE cycle_id = $1
 ORDER BY id;

-- name: SQL_CYCLE_INSERT
-- A new cycle in draft named $1, every setting at the schema's default:
-- the table is the one writer of the defaults, and SQL_CYCLE_UPDATE then
-- sets those the body names.
INSERT INTO cycles (name) VALUES ($1)
RETURNING id;

-- name: SQL_CYCLE_UPDATE
-- Changes the settings present in the validated body $2 (JSON); a JSON
-- null clears a setting that may be empty (the handler refuses null for
-- the others).
UPDATE cycles SET
  name = CASE WHEN j ? 'name' THEN j->>'name' ELSE name END,
  nominations_open_at = CASE WHEN j ? 'nominations_open_at'
	THEN (j->>'nominations_open_at')::timestamptz
	ELSE nominations_open_at END,
  nominations_close_at = CASE WHEN j ? 'nominations_close_at'
	THEN (j->>'nominations_close_at')::timestamptz
	ELSE nominations_close_at END,
  scoring_close_at = CASE WHEN j ? 'scoring_close_at'
	THEN (j->>'scoring_close_at')::timestamptz ELSE scoring_close_at END,
  reviewers_per_candidate = CASE WHEN j ? 'reviewers_per_candidate'
	THEN (j->>'reviewers_per_candidate')::integer
	ELSE reviewers_per_candidate END,
  blind = CASE WHEN j ? 'blind' THEN (j->>'blind')::boolean ELSE blind END,
  notify_nominees = CASE WHEN j ? 'notify_nominees'
	THEN (j->>'notify_nominees')::boolean ELSE notify_nominees END,
  letters_max = CASE WHEN j ? 'letters_max'
	THEN (j->>'letters_max')::integer ELSE letters_max END,
  announce_to = CASE WHEN j ? 'announce_to' THEN j->>'announce_to'
	ELSE announce_to END,
  contact_email = CASE WHEN j ? 'contact_email' THEN j->>'contact_email'
	ELSE contact_email END,
  exit_url = CASE WHEN j ? 'exit_url' THEN j->>'exit_url' ELSE exit_url END
  FROM (SELECT $2::jsonb AS j) AS body
 WHERE id = $1
RETURNING id;

-- name: SQL_CYCLE_DATES
-- Whether the dates cycle $1 would have after the body $2 (JSON) are in
-- order; cycle 0 for a new cycle.  The schema checks the same, but only
-- this names the field that is wrong.
SELECT (o IS NULL OR c IS NULL OR o < c) AS close_after_open,
       (c IS NULL OR s IS NULL OR c <= s) AS scoring_after_close,
       (o IS NULL OR s IS NULL OR o < s) AS scoring_after_open
  FROM (SELECT
	CASE WHEN j ? 'nominations_open_at'
	     THEN (j->>'nominations_open_at')::timestamptz
	     ELSE y.nominations_open_at END AS o,
	CASE WHEN j ? 'nominations_close_at'
	     THEN (j->>'nominations_close_at')::timestamptz
	     ELSE y.nominations_close_at END AS c,
	CASE WHEN j ? 'scoring_close_at'
	     THEN (j->>'scoring_close_at')::timestamptz
	     ELSE y.scoring_close_at END AS s
	  FROM (SELECT $2::jsonb AS j) AS body
	  LEFT JOIN cycles y ON y.id = $1) AS dates;

-- name: SQL_CYCLE_GET
-- One cycle with its settings and what its page needs to know, as GET
-- /api/cycles/{id} answers it (cycle.c adds the moves, the categories
-- and the criteria).
SELECT y.id, y.name, y.phase,
       rfc3339(y.nominations_open_at) AS nominations_open_at,
       rfc3339(y.nominations_close_at) AS nominations_close_at,
       rfc3339(y.scoring_close_at) AS scoring_close_at,
       y.reviewers_per_candidate, y.blind, y.notify_nominees,
       y.letters_max, y.announce_to, y.contact_email, y.exit_url,
       rfc3339(y.created_at) AS created_at,
       (SELECT count(*) FROM candidates c
	 WHERE c.cycle_id = y.id AND c.status = 'active'
	   AND EXISTS (SELECT 1 FROM nominations n
		WHERE n.candidate_id = c.id AND n.status = 'eligible'))
	   AS eligible_candidates,
       (SELECT count(*) FROM nominations n
	 WHERE n.cycle_id = y.id AND n.status = 'submitted') AS to_screen,
       (SELECT count(*) FROM assignments a JOIN candidates c
	    ON c.id = a.candidate_id WHERE c.cycle_id = y.id) AS assignments,
       -- Letters asked and not in, of live nominations, and the date
       -- their referees were told: what starting scoring cuts short.
       (SELECT count(*) FROM referees r
	  JOIN nominations n ON n.id = r.nomination_id
	 WHERE n.cycle_id = y.id AND r.asked_at IS NOT NULL
	   AND r.letter IS NULL AND n.status IN ('submitted', 'eligible'))
	   AS letters_awaited,
       rfc3339(letters_close_at(y.nominations_close_at, y.scoring_close_at))
	   AS letters_close_at
  FROM cycles y
 WHERE y.id = $1;

-- name: SQL_CYCLE_LIST
-- Every cycle, newest first, as GET /api/cycles lists them; $1 rows from
-- row $2.
SELECT id, name, phase,
       rfc3339(nominations_open_at) AS nominations_open_at,
       rfc3339(nominations_close_at) AS nominations_close_at,
       rfc3339(scoring_close_at) AS scoring_close_at,
       rfc3339(created_at) AS created_at
  FROM cycles
 ORDER BY created_at DESC, id DESC
 LIMIT $1 OFFSET $2;

-- name: SQL_CYCLE_COUNT
SELECT count(*) AS total FROM cycles;

-- name: SQL_CYCLE_PHASE_SHARE
-- The phase of cycle $1 (no row: no such cycle), the row shared-locked so
-- that a phase move waits for the change in progress, which the phase
-- allowed, to commit (and the other way round): no review lands after
-- scoring, no category after draft.
SELECT phase FROM cycles WHERE id = $1 FOR SHARE;

-- name: SQL_CYCLE_PHASE_LOCK
-- The cycle's phase and what the phase machine checks before a move,
-- locking the row so that no change of categories, criteria or
-- assignments slips between the check and the move.
SELECT y.phase, y.blind,
       y.nominations_close_at IS NOT NULL AS has_close_date,
       coalesce(y.nominations_close_at > now(), false) AS close_ahead,
       EXISTS (SELECT 1 FROM categories k WHERE k.cycle_id = y.id)
	   AS has_category,
       EXISTS (SELECT 1 FROM criteria r WHERE r.cycle_id = y.id)
	   AS has_criterion,
       EXISTS (SELECT 1 FROM assignments a JOIN candidates c
	    ON c.id = a.candidate_id WHERE c.cycle_id = y.id)
	   AS has_assignment
  FROM cycles y
 WHERE y.id = $1
   FOR UPDATE OF y;

-- name: SQL_CYCLE_PHASE_SET
-- Opening nominations dates their opening now unless it is already past.
UPDATE cycles SET phase = $2,
       nominations_open_at = CASE WHEN $2 = 'nominations_open'
	   THEN least(coalesce(nominations_open_at, now()), now())
	   ELSE nominations_open_at END
 WHERE id = $1;
