-- Decisions of the organizers (decision.c).  A candidate is eligible when
-- it is active and at least one of its nominations was screened eligible.

-- name: SQL_DECISION_CANDIDATE
-- The candidate $1 with its cycle's phase.  FOR SHARE of the cycle row:
-- the announcement takes it FOR UPDATE, so no decision slips in beside an
-- announcement, while organizers deciding side by side do not wait for
-- each other here.
SELECT c.id AS candidate_id, c.cycle_id AS cycle_id,
       c.category_id AS category_id, cy.phase AS phase,
       (c.status = 'active' AND EXISTS (SELECT 1 FROM nominations n
	 WHERE n.candidate_id = c.id AND n.status = 'eligible'))
	   AS eligible
  FROM candidates c
  JOIN cycles cy ON cy.id = c.cycle_id
 WHERE c.id = $1
   FOR SHARE OF cy;

-- name: SQL_DECISION_CATEGORY_LOCK
-- The category $1, locked until the transaction ends: every decision of a
-- category passes here, so two organizers cannot both take the last
-- awardee place.  The awardees are counted by the next statement, which
-- (in READ COMMITTED) sees what the other organizer committed while this
-- one waited; a count in this statement would see the older snapshot.
SELECT id, name, max_awardees
  FROM categories
 WHERE id = $1
   FOR UPDATE;

-- name: SQL_DECISION_AWARDEES
-- How many awardees category $1 has, not counting candidate $2 (whose
-- decision is being replaced).
SELECT count(*) AS awardees
  FROM decisions d
  JOIN candidates c ON c.id = d.candidate_id
 WHERE c.category_id = $1 AND c.status = 'active'
   AND d.decision = 'awardee' AND c.id <> $2;

-- name: SQL_DECISION_OF
-- The decision candidate $1 has now, if any (for the audit entry).
SELECT decision FROM decisions WHERE candidate_id = $1;

-- name: SQL_DECISION_UPSERT
-- Candidate $1's decision $2 by user $3.
INSERT INTO decisions (candidate_id, decision, decided_by)
VALUES ($1, $2, NULLIF($3, '0')::bigint)
    ON CONFLICT (candidate_id)
    DO UPDATE SET decision = EXCLUDED.decision,
		  decided_by = EXCLUDED.decided_by, decided_at = now();

-- name: SQL_DECISION_MISSING
-- How many eligible candidates of cycle $1 have no decision yet: the move
-- to decided (and the announcement) needs none.
SELECT count(*) AS missing
  FROM candidates c
 WHERE c.cycle_id = $1 AND c.status = 'active'
   AND EXISTS (SELECT 1 FROM nominations n
		WHERE n.candidate_id = c.id AND n.status = 'eligible')
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = c.id);

-- name: SQL_DECISION_CYCLE
SELECT id, name, phase FROM cycles WHERE id = $1;

-- name: SQL_DECISION_LIST
-- Every category of cycle $1 with its eligible candidates (a category
-- without any comes once, with NULL candidate columns), in category order
-- then by rank (SPEC §3, as an organizer sees it: candidate_rankings()),
-- with the evidence the decision rests on beside each.
SELECT r.category_id, r.category_name, cat.max_awardees, r.candidate_id,
       c.nominee_name, c.nominee_affiliation, d.decision, r.rank,
       r.rank_raw, r.score, r.raw, r.reviews, r.spread, r.disputed
  FROM candidate_rankings($1::bigint, 0) r
  JOIN categories cat ON cat.id = r.category_id
  LEFT JOIN candidates c ON c.id = r.candidate_id
  LEFT JOIN decisions d ON d.candidate_id = r.candidate_id
 ORDER BY r.category_id, r.rank;
