-- Retention (purge.c): `awards purge --cycle ID --older-than DAYS` and the
-- sweep of spent sessions, tokens and login failures.  A candidate is
-- "awarded" when it (or the candidate it was merged into) has the
-- decision awardee: awardees keep everything, the others lose what
-- identifies the people who wrote about them.

-- name: SQL_PURGE_CYCLE
-- Cycle $1, locked for the purge, and whether its announcement is older
-- than $2 days.
SELECT id, phase,
       announced_at IS NOT NULL AND
       announced_at < now() - $2::integer * interval '1 day' AS old_enough
  FROM cycles
 WHERE id = $1
   FOR UPDATE;

-- name: SQL_PURGE_OUTBOX
-- The mails of cycle $1 to a nominator about to be erased (nominations
-- not yet erased of candidates not awarded), unless the same address
-- also nominated an awardee (whose nominations keep it): the outbox would
-- otherwise keep their address and name.  A mail being sent is left to
-- finish (the next run takes it).
DELETE FROM outbox o
 WHERE o.cycle_id = $1 AND o.status <> 'sending'
   AND lower(o.to_address) IN (
	SELECT lower(n.nominator_email)
	  FROM nominations n JOIN candidates c ON c.id = n.candidate_id
	 WHERE n.cycle_id = $1 AND n.erased_at IS NULL
	   AND n.nominator_email IS NOT NULL
	   AND NOT EXISTS (SELECT 1 FROM decisions d
			    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
			      AND d.decision = 'awardee'))
   AND lower(o.to_address) NOT IN (
	SELECT lower(n.nominator_email)
	  FROM nominations n JOIN candidates c ON c.id = n.candidate_id
	  JOIN decisions d ON d.candidate_id = COALESCE(c.merged_into, c.id)
	 WHERE n.cycle_id = $1 AND d.decision = 'awardee'
	   AND n.nominator_email IS NOT NULL)
RETURNING o.id;

-- name: SQL_PURGE_TOKENS
-- The confirm and manage links of the nominations about to be erased.
DELETE FROM tokens t
 USING nominations n, candidates c
 WHERE t.nomination_id = n.id AND c.id = n.candidate_id
   AND n.cycle_id = $1 AND n.erased_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING t.id;

-- name: SQL_PURGE_NOMINATIONS
-- Erases the nominator's identity, the statement, the screening reason
-- and the request's hash of every nomination of cycle $1 whose candidate
-- was not awarded; the row stays (counts, nominee, category, status).
-- erased_at marks it, so a second run finds nothing more.
UPDATE nominations n
   SET nominator_name = NULL, nominator_email = NULL,
       nominator_affiliation = NULL, nominator_relationship = NULL,
       statement = NULL, screening_reason = NULL, request_hash = NULL,
       erased_at = now()
  FROM candidates c
 WHERE c.id = n.candidate_id AND n.cycle_id = $1 AND n.erased_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING n.id;

-- name: SQL_PURGE_REFEREE_MAILS
-- The requests and reminders mailed to the referees about to be erased
-- (SQL_PURGE_REFEREES): they hold a referee's address and name.  A mail
-- being sent is left to finish.
DELETE FROM outbox o
 USING referees r, nominations n, candidates c
 WHERE r.nomination_id = n.id AND c.id = n.candidate_id
   AND n.cycle_id = $1 AND o.status <> 'sending'
   AND o.dedupe_key IN (outbox_dedupe_key('letter_requested', r.id::text),
			outbox_dedupe_key('letter_reminder', r.id::text))
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING o.id;

-- name: SQL_PURGE_REFEREES
-- The referees of the nominations of cycle $1 whose candidate was not
-- awarded, their letters with them (SPEC §3: letters are purged with
-- the statements).
DELETE FROM referees r
 USING nominations n, candidates c
 WHERE r.nomination_id = n.id AND c.id = n.candidate_id
   AND n.cycle_id = $1
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING r.id;

-- name: SQL_PURGE_SCORES
-- The scores of reviews of candidates of cycle $1 not awarded.
DELETE FROM review_scores s
 USING reviews r, candidates c
 WHERE s.review_id = r.id AND c.id = r.candidate_id AND c.cycle_id = $1
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING s.review_id;

-- name: SQL_PURGE_COMMENTS
-- The review comments of those candidates; the review rows stay, so the
-- number of reviews each had is kept.
UPDATE reviews r SET comment = ''
  FROM candidates c
 WHERE c.id = r.candidate_id AND c.cycle_id = $1 AND r.comment <> ''
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING r.id;

-- name: SQL_PURGE_DISCUSSION
-- The discussion threads of those candidates.
DELETE FROM comments k
 USING candidates c
 WHERE c.id = k.candidate_id AND c.cycle_id = $1
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING k.id;

-- name: SQL_PURGE_CONFLICT_REASONS
-- The reasons members gave for their conflicts with those candidates.
UPDATE conflicts k SET reason = ''
  FROM candidates c
 WHERE c.id = k.candidate_id AND c.cycle_id = $1 AND k.reason <> ''
   AND NOT EXISTS (SELECT 1 FROM decisions d
		    WHERE d.candidate_id = COALESCE(c.merged_into, c.id)
		      AND d.decision = 'awardee')
RETURNING k.id;

-- name: SQL_SWEEP_SESSIONS
-- Sessions that can no longer be used (SQL_SESSION_LOAD would refuse
-- them): revoked, past their 12 h, or idle for 2 h.
DELETE FROM sessions
 WHERE revoked_at IS NOT NULL OR expires_at < now()
    OR last_seen_at < now() - interval '2 hours'
RETURNING id;

-- name: SQL_SWEEP_TOKENS
-- Links spent or expired more than a day ago (a day's grace, so a link
-- opened twice still finds its row for a clear answer).  Unconfirmed
-- nominations' links go with their nominations (nomination_expire()).
DELETE FROM tokens
 WHERE (used_at IS NOT NULL AND used_at < now() - interval '1 day')
    OR expires_at < now() - interval '1 day'
RETURNING id;

-- name: SQL_SWEEP_LOGIN_FAILURES
-- Failed logins older than a day: throttling looks back 15 minutes.
DELETE FROM login_failures
 WHERE at < now() - interval '1 day'
RETURNING id;
