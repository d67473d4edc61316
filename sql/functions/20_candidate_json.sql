-- A candidate as every reader of it first sees it: the nominee, the
-- category and the cycle.  The one writer of that shape: a member's read
-- (SQL_CANDIDATE_READ) and an organizer's (SQL_CANDIDATE_FOR_ORGANIZER,
-- member.c) each add to it what its reader may see.  NULL for no such
-- candidate; who may see one is the caller's business.
CREATE OR REPLACE FUNCTION candidate_json(candidate bigint) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT jsonb_build_object(
		   'id', c.id,
		   'nominee_name', c.nominee_name,
		   'nominee_affiliation', c.nominee_affiliation,
		   'category', jsonb_build_object('id', cat.id,
						  'name', cat.name),
		   'cycle', jsonb_build_object('id', cy.id, 'name', cy.name,
					       'phase', cy.phase,
					       'blind', cy.blind,
					       'scoring_close_at',
					       rfc3339(cy.scoring_close_at)))
	  FROM candidates c
	  JOIN categories cat ON cat.id = c.category_id
	  JOIN cycles cy ON cy.id = c.cycle_id
	 WHERE c.id = candidate
$$;
