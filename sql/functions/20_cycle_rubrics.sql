-- A cycle's rubric as the API shows it to readers of a candidate (SPEC
-- §3): its criteria in the organizers' order, each {"id", "name",
-- "description", "weight", "min", "max", "min_label", "max_label"}.
-- Written once, here: a member's read of a candidate (SQL_CANDIDATE_READ)
-- and an organizer's (SQL_RUBRIC_OF_CYCLE) both take it from this view.
-- A condition on cycle_id reaches the criteria scan through the GROUP
-- BY, so the view costs what the aggregate written in place did.  A cycle
-- without criteria has no row: callers coalesce to [].
CREATE OR REPLACE VIEW cycle_rubrics AS
SELECT cycle_id,
       jsonb_agg(jsonb_build_object(
	   'id', id, 'name', name, 'description', description,
	   'weight', weight, 'min', min_score, 'max', max_score,
	   'min_label', min_label, 'max_label', max_label)
	 ORDER BY id) AS criteria
  FROM criteria
 GROUP BY cycle_id;
