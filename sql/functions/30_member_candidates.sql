-- What a committee member may see of a candidate, written once (SPEC §3):
-- a candidate assigned to them, active, in a cycle between the close of
-- nominations and the decision, and never one they are conflicted with
-- (a row of candidate_conflicts for the pair, 20_candidate_conflicts.sql).
-- Every member statement of sql/queries/member.sql reads candidates
-- through this view, so the rule cannot differ between the list, the
-- access check and the read.  The planner inlines a view into its query:
-- it costs nothing at run time.
CREATE OR REPLACE VIEW member_candidates AS
SELECT a.user_id, a.attested_at IS NOT NULL AS attested,
       c.id AS candidate_id, c.nominee_name, c.nominee_affiliation,
       c.category_id, cat.name AS category_name,
       cy.id AS cycle_id, cy.name AS cycle_name, cy.phase, cy.blind,
       cy.scoring_close_at
  FROM assignments a
  JOIN candidates c ON c.id = a.candidate_id AND c.status = 'active'
  JOIN categories cat ON cat.id = c.category_id
  JOIN cycles cy ON cy.id = c.cycle_id
   AND cy.phase IN ('nominations_closed', 'scoring', 'deliberation',
		    'decided')
 WHERE NOT EXISTS (SELECT 1 FROM candidate_conflicts x
		    WHERE x.candidate_id = a.candidate_id
		      AND x.user_id = a.user_id);
