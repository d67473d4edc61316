-- Issue 20: automatic conflicts hold whatever the order of events (SPEC
-- §3).  They were rows of conflicts written when an assignment or a merge
-- ran, so a member assigned first who nominated the candidate later, or a
-- nominator invited to the committee later, kept the candidate, read the
-- other statements and had a review that counted until the next run.
--
-- Now they are derived where they are read: candidate_conflicts is the
-- rows of conflicts (declared by a member, set by an organizer) and, for
-- every nomination, the user whose address is its nominee's or its
-- nominator's (trimmed, case-insensitive), as the data says at the moment
-- of the read.  Nothing has to be kept in step: a nomination made,
-- confirmed, corrected, merged or erased, a user invited, each changes
-- the answer at once.  A pending nomination counts (a member's
-- unconfirmed nomination is still theirs; one made in their name by
-- someone else hides a candidate from them for at most its 72 hours,
-- which errs on the safe side); "pending" says so, for organizers, who
-- see nothing of an unconfirmed nomination.  A nomination erased by purge
-- keeps its nominee, not its nominator.  Referees, once they exist, join
-- here the same way.  Each branch is an equality join (users by
-- lower(email), its unique index), so the view hashes as a whole and,
-- filtered by candidate and user, reads two index entries.
CREATE VIEW candidate_conflicts AS
SELECT x.candidate_id, x.user_id, x.source, x.reason, x.created_at,
       false AS pending
  FROM conflicts x
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(n.created_at, u.created_at), n.status = 'pending'
  FROM nominations n
  JOIN users u ON lower(u.email) = lower(btrim(n.nominee_email))
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(n.created_at, u.created_at), n.status = 'pending'
  FROM nominations n
  JOIN users u ON lower(u.email) = lower(btrim(n.nominator_email));

-- The rows written by the assignment runs and merges of before, where the
-- data still says the same: the view says it now.  Rows it no longer
-- derives (a nominator since erased) stay.
DELETE FROM conflicts x
 WHERE x.source = 'automatic'
   AND EXISTS (SELECT 1 FROM candidate_conflicts d
		WHERE d.candidate_id = x.candidate_id
		  AND d.user_id = x.user_id AND d.source = 'automatic');

-- member_candidates (0013), the one rule of what a member sees, reads
-- the derived conflicts; nothing else of it changes.
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

-- candidate_rankings() of 0016, word for word but for its two reads of
-- conflicts, which read candidate_conflicts: a conflicted member's review
-- drops out of the rankings the moment the conflict is in the data.
CREATE OR REPLACE FUNCTION candidate_rankings(bigint, bigint)
    RETURNS TABLE (category_id bigint, category_name text,
		   candidate_id bigint, nominee_name text, rank bigint,
		   rank_raw bigint, score text, raw text, median text,
		   reviews bigint, spread text, disputed boolean)
    LANGUAGE sql STABLE AS $$
WITH s AS (
	SELECT r.user_id, r.candidate_id,
	       sum(round(k.weight::float8 * (rs.score - k.min_score)
			 / (k.max_score - k.min_score) * 1099511627776)
		   / 1099511627776)
	       / (SELECT sum(weight)::float8 FROM criteria
		   WHERE cycle_id = $1) AS s
	  FROM reviews r
	  JOIN candidates c ON c.id = r.candidate_id
	   AND c.cycle_id = $1 AND c.status = 'active'
	  JOIN review_scores rs ON rs.review_id = r.id
	  JOIN criteria k ON k.id = rs.criterion_id AND k.cycle_id = $1
	 WHERE r.final AND NOT r.merged
	   AND (r.candidate_id, r.user_id) NOT IN
	       (SELECT x.candidate_id, x.user_id FROM candidate_conflicts x)
	 GROUP BY r.id, r.user_id, r.candidate_id
), everyone AS (
	SELECT avg(s) AS mu, stddev_pop(s) AS sigma FROM s
), reviewer AS (
	SELECT user_id, count(*) AS n, avg(s) AS mu, stddev_pop(s) AS sigma
	  FROM s GROUP BY user_id
), z AS (
	SELECT s.candidate_id, s.s,
	       CASE WHEN u.n >= 3 AND u.sigma > 1e-12
		    THEN (s.s - u.mu) / u.sigma
		    WHEN e.sigma > 1e-12 THEN (s.s - e.mu) / e.sigma
		    ELSE 0 END AS z
	  FROM s JOIN reviewer u USING (user_id) CROSS JOIN everyone e
), cand AS (
	SELECT c.id, c.category_id, c.nominee_name,
	       avg(round(z.s * 1099511627776) / 1099511627776) AS raw,
	       percentile_cont(0.5) WITHIN GROUP (ORDER BY z.s) AS median,
	       avg(round(z.z * 1099511627776) / 1099511627776) AS score,
	       count(z.s) AS reviews, stddev_pop(z.s::numeric) AS spread
	  FROM candidates c
	  LEFT JOIN z ON z.candidate_id = c.id
	 WHERE c.cycle_id = $1 AND c.status = 'active'
	   AND c.id IN (SELECT n.candidate_id FROM nominations n
			 WHERE n.cycle_id = $1 AND n.status = 'eligible')
	   AND c.id NOT IN (SELECT x.candidate_id FROM candidate_conflicts x
			     WHERE x.user_id = $2::bigint)
	 GROUP BY c.id
), keyed AS (
	SELECT cand.*, round(score::numeric, 12) AS score_key,
	       round(raw::numeric, 12) AS raw_key
	  FROM cand
)
SELECT cat.id AS category_id, cat.name AS category_name,
       k.id AS candidate_id, k.nominee_name,
       row_number() OVER (PARTITION BY cat.id
	   ORDER BY k.score_key DESC NULLS LAST, k.raw_key DESC NULLS LAST,
		    k.reviews DESC, k.id) AS rank,
       row_number() OVER (PARTITION BY cat.id
	   ORDER BY k.raw_key DESC NULLS LAST, k.id) AS rank_raw,
       round(k.score::numeric, 4)::text AS score,
       round((k.raw * 100)::numeric, 1)::text AS raw,
       round((k.median * 100)::numeric, 1)::text AS median,
       k.reviews, round(k.spread::numeric, 4)::text AS spread,
       coalesce(k.spread > 0.25, false) AS disputed
  FROM categories cat
  LEFT JOIN keyed k ON k.category_id = cat.id
 WHERE cat.cycle_id = $1
$$;

-- Issue 20, item 10: once a nomination has been screened, its nominee's
-- name, affiliation and role never change (SPEC §3).  Its status cannot
-- tell: a statement edited after screening sends it back to submitted,
-- and then the nominee could be renamed to anyone.  first_screened_at is
-- set by the first screening and never cleared; the manage route refuses
-- a nominee change once it is set, and organizers see a screened
-- nomination back in submitted as edited since screening.  Nominations
-- screened before this migration take the time of their first screening
-- in the audit log, or, screened without one, of their last change.
ALTER TABLE nominations ADD COLUMN first_screened_at timestamptz;
UPDATE nominations n
   SET first_screened_at = coalesce(
	   (SELECT min(a.at) FROM audit_log a
	     WHERE a.action = 'nomination.screen'
	       AND a.object_type = 'nomination' AND a.object_id = n.id),
	   CASE WHEN n.status IN ('eligible', 'ineligible')
		THEN n.updated_at END);
