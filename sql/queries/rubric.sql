-- Categories and criteria of a cycle (rubric.c): changed only in draft.
-- A statement that returns a category or a criterion returns it as the
-- API shows it, column for key (db_json_row()).

-- name: SQL_CATEGORY_INSERT
-- $2: the validated body (JSON).
INSERT INTO categories (cycle_id, name, description, max_awardees)
SELECT $1, j->>'name', coalesce(j->>'description', ''),
       coalesce((j->>'max_awardees')::integer, 1)
  FROM (SELECT $2::jsonb AS j) AS body
RETURNING id, cycle_id, name, description, max_awardees;

-- name: SQL_CATEGORY_FIND
-- A category with its cycle's phase, the cycle row shared-locked.
SELECT k.id, k.cycle_id, y.phase
  FROM categories k JOIN cycles y ON y.id = k.cycle_id
 WHERE k.id = $1
   FOR SHARE OF y;

-- name: SQL_CATEGORY_UPDATE
UPDATE categories SET
  name = CASE WHEN j ? 'name' THEN j->>'name' ELSE name END,
  description = CASE WHEN j ? 'description' THEN j->>'description'
	ELSE description END,
  max_awardees = CASE WHEN j ? 'max_awardees'
	THEN (j->>'max_awardees')::integer ELSE max_awardees END
  FROM (SELECT $2::jsonb AS j) AS body
 WHERE id = $1
RETURNING id, cycle_id, name, description, max_awardees;

-- name: SQL_CATEGORY_DELETE
DELETE FROM categories WHERE id = $1;

-- name: SQL_CRITERION_INSERT
-- $2: the validated body (JSON); the scale defaults to 1 to 5.  A weight
-- was checked to be in hundredths, but its JSON text may carry the float
-- it became (99.989999999999995): round() gives back the hundredths.
INSERT INTO criteria (cycle_id, name, description, weight, min_score,
		      max_score, min_label, max_label)
SELECT $1, j->>'name', coalesce(j->>'description', ''),
       coalesce(round((j->>'weight')::numeric, 2), 1),
       coalesce((j->>'min')::integer, 1), coalesce((j->>'max')::integer, 5),
       coalesce(j->>'min_label', ''), coalesce(j->>'max_label', '')
  FROM (SELECT $2::jsonb AS j) AS body
RETURNING id, cycle_id, name, description, weight::float8 AS weight,
	  min_score AS min, max_score AS max, min_label, max_label;

-- name: SQL_CRITERION_FIND
-- A criterion with its scale and its cycle's phase, the cycle row
-- shared-locked.
SELECT r.id, r.cycle_id, r.min_score, r.max_score, y.phase
  FROM criteria r JOIN cycles y ON y.id = r.cycle_id
 WHERE r.id = $1
   FOR SHARE OF y;

-- name: SQL_CRITERION_UPDATE
UPDATE criteria SET
  name = CASE WHEN j ? 'name' THEN j->>'name' ELSE name END,
  description = CASE WHEN j ? 'description' THEN j->>'description'
	ELSE description END,
  weight = CASE WHEN j ? 'weight' THEN round((j->>'weight')::numeric, 2)
	ELSE weight END,
  min_score = CASE WHEN j ? 'min' THEN (j->>'min')::integer
	ELSE min_score END,
  max_score = CASE WHEN j ? 'max' THEN (j->>'max')::integer
	ELSE max_score END,
  min_label = CASE WHEN j ? 'min_label' THEN j->>'min_label'
	ELSE min_label END,
  max_label = CASE WHEN j ? 'max_label' THEN j->>'max_label'
	ELSE max_label END
  FROM (SELECT $2::jsonb AS j) AS body
 WHERE id = $1
RETURNING id, cycle_id, name, description, weight::float8 AS weight,
	  min_score AS min, max_score AS max, min_label, max_label;

-- name: SQL_CRITERION_DELETE
DELETE FROM criteria WHERE id = $1;

-- name: SQL_CRITERION_LIST
SELECT id, cycle_id, name, description, weight::float8 AS weight,
       min_score AS min, max_score AS max, min_label, max_label
  FROM criteria
 WHERE cycle_id = $1
 ORDER BY id;
