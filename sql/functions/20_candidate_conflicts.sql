-- Conflicts are derived where they are read (SPEC §3): the rows of
-- conflicts (declared by a member, set by an organizer) and, for
-- every nomination, the user whose address is its nominee's or its
-- nominator's (trimmed, case-insensitive), as the data says at the moment
-- of the read.  Nothing has to be kept in step: a nomination made,
-- confirmed, corrected, merged or erased, a user invited, each changes
-- the answer at once.  A pending nomination counts (a member's
-- unconfirmed nomination is still theirs; one made in their name by
-- someone else hides a candidate from them for at most its confirm_window(),
-- which errs on the safe side); "pending" says so, for organizers, who
-- see nothing of an unconfirmed nomination.  A nomination erased by purge
-- keeps its nominee, not its nominator.  A referee of any nomination of
-- the candidate is conflicted with it like its nominator.  Each branch is an equality join (users by
-- lower(email), its unique index), so the view hashes as a whole and,
-- filtered by candidate and user, reads two index entries.
--
-- basis says, for the organizers' list, where a conflict comes from (the
-- row's source, or the address that matched: nominee, nominator,
-- referee), and conflict_id names the row that can be removed (none for
-- a derived conflict: it lasts as long as the data it follows from).
CREATE OR REPLACE VIEW candidate_conflicts AS
SELECT x.candidate_id, x.user_id, x.source, x.reason, x.created_at,
       false AS pending, x.source AS basis, x.id AS conflict_id
  FROM conflicts x
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(n.created_at, u.created_at), n.status = 'pending',
       'nominee', NULL::bigint
  FROM nominations n
  JOIN users u ON lower(u.email) = lower(btrim(n.nominee_email))
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(n.created_at, u.created_at), n.status = 'pending',
       'nominator', NULL::bigint
  FROM nominations n
  JOIN users u ON lower(u.email) = lower(btrim(n.nominator_email))
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(r.created_at, u.created_at), n.status = 'pending',
       'referee', NULL::bigint
  FROM referees r
  JOIN nominations n ON n.id = r.nomination_id
  JOIN users u ON lower(u.email) = lower(r.email);
