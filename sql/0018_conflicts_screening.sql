-- The views candidate_conflicts and member_candidates and the
-- function candidate_rankings() that stood here moved to sql/functions/
-- (20_candidate_conflicts.sql, 30_member_candidates.sql,
-- 30_candidate_rankings.sql), the one live definition of each function
-- and view, applied by awards migrate after the numbered migrations; the
-- DELETE below reads the tables, not the view.  Editing an applied
-- migration is allowed this once only: migration checksums arrive in the
-- same release, so every database in the field has NULL checksums and
-- adopts this text on its first migrate (SQL_MIGRATE_ADOPT; docs/sql.md).

-- Automatic conflicts hold whatever the order of events (SPEC
-- §3).  They were rows of conflicts written when an assignment or a merge
-- ran, so a member assigned first who nominated the candidate later, or a
-- nominator invited to the committee later, kept the candidate, read the
-- other statements and had a review that counted until the next run.
--
-- Now they are derived where they are read: the view candidate_conflicts
-- (sql/functions/20_candidate_conflicts.sql) is the rows of conflicts and,
-- for every nomination, the user whose address is its nominee's or its
-- nominator's; member_candidates and candidate_rankings() read it.

-- The rows written by the assignment runs and merges of before, where the
-- data still says the same: the view says it now.  Rows it no longer
-- derives (a nominator since erased) stay.  Written out rather than read
-- from the view, which is made after the migrations: what the view
-- derived when this ran, and on a new database (no conflicts) nothing.
DELETE FROM conflicts x
 WHERE x.source = 'automatic'
   AND EXISTS (SELECT 1 FROM nominations n
		 JOIN users u ON lower(u.email) IN
		      (lower(btrim(n.nominee_email)),
		       lower(btrim(n.nominator_email)))
		WHERE n.candidate_id = x.candidate_id AND u.id = x.user_id);

-- Once a nomination has been screened, its nominee's
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
