-- Mail templates (outbox.c, template.c).

-- name: SQL_TEMPLATE_FIND
-- The cycle's own template of an event, else the shipped default.
SELECT subject, body
  FROM templates
 WHERE event = $1 AND (cycle_id = $2 OR cycle_id IS NULL)
 ORDER BY cycle_id NULLS LAST
 LIMIT 1;

-- name: SQL_TEMPLATE_OF_CYCLE
-- Whether cycle $1 exists, with the template of event $2 it uses: its own
-- (own true), else the shipped default, else NULLs.
SELECT t.subject, t.body, t.cycle_id IS NOT NULL AS own
  FROM cycles c
  LEFT JOIN LATERAL (SELECT subject, body, cycle_id
		       FROM templates
		      WHERE event = $2
			AND (cycle_id = c.id OR cycle_id IS NULL)
		      ORDER BY cycle_id NULLS LAST
		      LIMIT 1) t ON true
 WHERE c.id = $1;

-- name: SQL_TEMPLATE_UPSERT
-- The cycle's own copy; a missing cycle fails its foreign key.
INSERT INTO templates (cycle_id, event, subject, body)
VALUES ($1, $2, $3, $4)
    ON CONFLICT (cycle_id, event)
    DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
		  updated_at = now()
RETURNING id;
