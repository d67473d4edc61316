-- name: SQL_NOMINATION_BY_KEY
SELECT id, request_hash FROM nominations
WHERE idempotency_key = $1;

-- name: SQL_NOMINATOR_LOCK
-- One submission at a time per nominator address ($1), from the count of
-- its pending nominations to the insert, so that requests sent at once
-- cannot all pass the limit.  A statement of its own: the count after it
-- takes a snapshot that sees the commit of the request it waited for.
SELECT pg_advisory_xact_lock(12, hashtext(lower(btrim($1))));

-- name: SQL_NOMINATION_SUBMIT
-- The whole submission in one statement, sent in one round trip with the
-- nominator's lock before it and COMMIT after it (nomination.c): the
-- answer of an earlier request with the same Idempotency-Key ($13), the
-- checks (cycle $1 in a phase of $21, the phases that take nominations
-- (cgi/phase.c), and before its close, category $2 of it, fewer than $19
-- unconfirmed nominations from nominator address $8:
-- NOMINATION_PENDING_MAX, and fewer than $20 confirmation mails to it in confirm_window():
-- NOMINATION_CONFIRM_MAILS_MAX), and only when all pass, the candidate
-- (joined or new; a withdrawn one comes back only when this nomination is
-- confirmed), the nomination, its confirmation token ($15), its mail and
-- the mail's count in confirm_mails; the mail is rendered here from the
-- cycle's template: the event provides cycle_name and confirm_url and
-- nothing else (cgi/event.c), and an edited template may use only those.
-- The one template not rendered by render.c, so that the submission stays
-- one round trip (docs/sql.md); confirm_url goes in first, so that a
-- cycle name holding "{{confirm_url}}" stays as written, as render.c
-- would leave it.
-- $16 is the confirmation link, $17 the Message-ID, $18 the hash of the
-- correction secret handed to the submitting tab (valid one hour: "Wrong
-- address?", correct.c), $22 the referees (a JSON array, at most the
-- cycle's letters_max; their addresses count under the same cap of
-- confirmation-type mails), $23 the nominator's language, kept on the
-- nomination, in which its mail is written: the cycle's own template in
-- $23, else the shipped one, else the cycle's default language's (the
-- order of SQL_TEMPLATE_FIND).  The counts run after the lock statement, so
-- their snapshot sees what the request (or correction) it waited for
-- committed.  The mailers are woken only when no other mail is due: a
-- NOTIFY takes one lock for the whole database from before its commit
-- until after it, so one per submission made every submission's commit
-- wait for the one before it; a due mail means a mailer is at work and
-- will claim this one next (its poll catches the rest,
-- docs/performance.md).
WITH prior AS (
	SELECT id, request_hash FROM nominations
	 WHERE $13::text IS NOT NULL AND idempotency_key = $13
), cyc AS (
	SELECT c.name, c.phase, c.letters_max,
	       c.phase = ANY ($21::text[])
		   AND now() < coalesce(c.nominations_close_at, 'infinity')
		   AS open,
	       k.id IS NOT NULL AS category_found
	  FROM cycles c
	  LEFT JOIN categories k ON k.id = $2 AND k.cycle_id = c.id
	 WHERE c.id = $1
), pending AS (
	SELECT count(*) AS n,
	       greatest(1, ceil(extract(epoch FROM min(created_at)
		   + confirm_window() - now())))::integer AS retry_after
	  FROM nominations
	 WHERE lower(nominator_email) = lower(btrim($8))
	   AND status = 'pending'
	   AND created_at > now() - confirm_window()
), mailed AS (
	-- As SQL_CORRECTION_PENDING counts them.
	SELECT count(*) AS n,
	       greatest(1, ceil(extract(epoch FROM min(queued_at)
		   + confirm_window() - now())))::integer AS retry_after
	  FROM confirm_mails
	 WHERE address_key = address_key($8)
	   AND queued_at > now() - confirm_window()
), refmailed AS (
	-- The referees' addresses $22 count under the same cap (SPEC §7):
	-- the most mails any of them had.
	SELECT coalesce(max(n), 0) AS n,
	       coalesce(max(retry_after), 1) AS retry_after
	  FROM (SELECT count(*) AS n,
		       greatest(1, ceil(extract(epoch FROM min(m.queued_at)
			   + confirm_window() - now())))::integer
			   AS retry_after
		  FROM jsonb_array_elements($22::jsonb) AS r
		  JOIN confirm_mails m
		    ON m.address_key = address_key(r->>'email')
		 WHERE m.queued_at > now() - confirm_window()
		 GROUP BY lower(btrim(r->>'email'))) AS per_address
), tpl AS (
	SELECT t.subject, t.body, t.lang FROM templates t
	 WHERE t.event = 'nomination_created'
	   AND (t.cycle_id = $1 OR t.cycle_id IS NULL)
	   AND t.lang IN ($23, 'en',
			  (SELECT default_lang FROM cycles WHERE id = $1))
	 ORDER BY t.lang = $23 DESC,
		  t.lang = (SELECT default_lang FROM cycles WHERE id = $1) DESC,
		  t.cycle_id NULLS LAST
	 LIMIT 1
), go AS (
	SELECT cyc.name FROM cyc, pending, mailed, refmailed
	 WHERE cyc.open AND cyc.category_found AND pending.n < $19::integer
	   AND mailed.n < $20::integer AND refmailed.n < $20::integer
	   AND jsonb_array_length($22::jsonb) <= cyc.letters_max
	   AND NOT EXISTS (SELECT 1 FROM prior)
	   AND EXISTS (SELECT 1 FROM tpl)
), cand AS (
	INSERT INTO candidates (cycle_id, category_id, email_key, nominee_name,
				nominee_affiliation)
	SELECT $1, $2, lower(btrim($4)), $3, $5 FROM go
	    ON CONFLICT (category_id, email_key) WHERE status <> 'merged'
	    DO UPDATE SET status = candidates.status
	RETURNING id
), nom AS (
	INSERT INTO nominations (cycle_id, category_id, candidate_id,
	    nominee_name, nominee_email, nominee_affiliation, nominee_role,
	    nominator_name, nominator_email, nominator_affiliation,
	    nominator_relationship, statement, consent_contact_nominee,
	    idempotency_key, request_hash, correction_hash,
	    correction_expires_at, lang)
	SELECT $1, $2, cand.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
	       $13, $14, $18::bytea, now() + interval '1 hour', $23
	  FROM cand
	RETURNING id, rfc3339(correction_expires_at) AS correction_expires_at
), tok AS (
	INSERT INTO tokens (hash, purpose, nomination_id, expires_at)
	SELECT $15::bytea, 'confirm', nom.id, now() + confirm_window()
	  FROM nom
), refs AS (
	-- Asked for their letters only once the nomination is confirmed.
	INSERT INTO referees (nomination_id, name, email, relationship)
	SELECT nom.id, r->>'name', btrim(r->>'email'),
	       coalesce(r->>'relationship', '')
	  FROM nom, jsonb_array_elements($22::jsonb) AS r
), mail AS (
	INSERT INTO outbox (event, cycle_id, to_address, to_name, subject,
			    body, status, message_id, dedupe_key, lang)
	SELECT 'nomination_created', $1, $8, '',
	       replace(replace(tpl.subject, '{{confirm_url}}', $16),
		       '{{cycle_name}}', go.name),
	       replace(replace(tpl.body, '{{confirm_url}}', $16),
		       '{{cycle_name}}', go.name),
	       'queued', $17,
	       outbox_dedupe_key('nomination_created', nom.id::text), tpl.lang
	  FROM nom, tpl, go
	RETURNING id
), counted AS (
	INSERT INTO confirm_mails (address_key)
	SELECT address_key($8) FROM mail
)
SELECT (SELECT id FROM nom) AS id,
       (SELECT correction_expires_at FROM nom) AS correction_expires_at,
       (SELECT id FROM prior) AS prior_id,
       (SELECT request_hash FROM prior) AS prior_hash,
       EXISTS (SELECT 1 FROM cyc) AS cycle_found,
       coalesce((SELECT category_found FROM cyc), false) AS category_found,
       coalesce((SELECT open FROM cyc), false) AS open,
       (SELECT phase FROM cyc) AS phase,
       (SELECT n FROM pending) AS pending,
       (SELECT retry_after FROM pending) AS retry_after,
       (SELECT n FROM mailed) AS mails,
       (SELECT retry_after FROM mailed) AS mail_retry_after,
       coalesce((SELECT letters_max FROM cyc), 0) AS letters_max,
       (SELECT n FROM refmailed) AS referee_mails,
       (SELECT retry_after FROM refmailed) AS referee_retry_after,
       (SELECT count(*) FROM mail) AS mailed,
       CASE WHEN EXISTS (SELECT 1 FROM mail) AND NOT EXISTS (
		SELECT 1 FROM outbox
		 WHERE status = 'queued' AND next_attempt_at <= now())
	    THEN pg_notify('awards_outbox', '') END AS notified;

-- name: SQL_TOKEN_SPEND_CONFIRM
-- Spends a confirmation token, with its cycle's phase: the handler rolls
-- the spend back when the phase takes no confirmation (cgi/phase.c).
UPDATE tokens t SET used_at = now()
FROM nominations n JOIN cycles c ON c.id = n.cycle_id
WHERE t.hash = $1 AND t.purpose = 'confirm'
AND t.used_at IS NULL AND t.expires_at > now()
AND n.id = t.nomination_id RETURNING t.nomination_id, c.phase;

-- name: SQL_CANDIDATE_LOCK
-- Locks the candidate of nomination $1 until the transaction ends.  The
-- confirm's revive and the withdraw's NOT EXISTS read other nominations of
-- the candidate: without this lock, two of them at once each miss what the
-- other writes (write skew under READ COMMITTED), leaving a withdrawn
-- candidate with a submitted nomination or an active one with none.  The
-- statements after it take a new snapshot, which sees the winner's commit.
SELECT c.id AS candidate_id FROM candidates c
  JOIN nominations n ON n.candidate_id = c.id
 WHERE n.id = $1 FOR UPDATE OF c;

-- name: SQL_NOMINATION_CONFIRM
-- Submitted; a candidate withdrawn meanwhile comes back.  The first
-- confirmed nomination names the candidate: a pending one (which anybody
-- may make) never decides the name a later nomination shows.
WITH n AS (UPDATE nominations SET status = 'submitted',
confirmed_at = now(), updated_at = now()
WHERE id = $1 AND status = 'pending'
RETURNING id, cycle_id, category_id, candidate_id, nominator_name,
nominator_email, nominee_name, nominee_affiliation, lang),
c2 AS (UPDATE candidates SET
status = CASE WHEN candidates.status = 'withdrawn' THEN 'active'
ELSE candidates.status END,
nominee_name = CASE WHEN first.yes THEN n.nominee_name
ELSE candidates.nominee_name END,
nominee_affiliation = CASE WHEN first.yes THEN n.nominee_affiliation
ELSE candidates.nominee_affiliation END
FROM n, LATERAL (SELECT NOT EXISTS (SELECT 1 FROM nominations o
WHERE o.candidate_id = n.candidate_id AND o.id <> n.id
AND o.confirmed_at IS NOT NULL) AS yes) AS first
WHERE candidates.id = n.candidate_id)
SELECT n.nominator_name, n.nominator_email, n.nominee_name,
       c.name AS cycle_name, k.name AS category_name, c.id AS cycle_id,
       n.lang
  FROM n JOIN cycles c ON c.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id;

-- name: SQL_TOKEN_INSERT_MANAGE
-- The manage link lives until 30 days after the close.
INSERT INTO tokens (hash, purpose, nomination_id, expires_at)
SELECT $1::bytea, 'manage', n.id, greatest(coalesce(
c.nominations_close_at, now()), now()) + interval '30 days'
FROM nominations n JOIN cycles c ON c.id = n.cycle_id
WHERE n.id = $2;

-- name: SQL_TOKEN_FIND_MANAGE
SELECT nomination_id FROM tokens WHERE hash = $1
AND purpose = 'manage' AND expires_at > now();

-- name: SQL_NOMINATION_VIEW
-- The nomination as its nominator sees it, with its cycle's phase and
-- whether the close is still ahead (together: whether it can change).
-- A nominee's refusal is not told before the announcement (SPEC §3): a
-- declined nomination reads as submitted until then.
SELECT n.id,
       CASE WHEN n.status = 'declined' AND c.phase <> 'announced'
	    THEN 'submitted' ELSE n.status END AS status,
       n.cycle_id, c.name AS cycle_name, n.category_id, c.letters_max,
       k.name AS category_name, n.nominee_name, n.nominee_email,
       n.nominee_affiliation, n.nominee_role,
       coalesce(n.nominator_name, '') AS nominator_name,
       coalesce(n.nominator_email, '') AS nominator_email,
       coalesce(n.nominator_affiliation, '') AS nominator_affiliation,
       coalesce(n.nominator_relationship, '') AS nominator_relationship,
       coalesce(n.statement, '') AS statement, n.consent_contact_nominee,
       rfc3339(n.created_at) AS created_at,
       c.phase, now() < coalesce(c.nominations_close_at, 'infinity')
	   AS before_close,
       n.first_screened_at IS NOT NULL AS screened
  FROM nominations n
  JOIN cycles c ON c.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
 WHERE n.id = $1 AND n.erased_at IS NULL;

-- name: SQL_NOMINATION_EDIT
-- A statement changed after screening goes back to submitted, for the
-- organizers to look at it again.
UPDATE nominations SET statement = $2, updated_at = now(),
status = 'submitted', screening_reason = NULL
WHERE id = $1
AND status IN ('submitted', 'eligible', 'ineligible');

-- name: SQL_NOMINATION_WITHDRAW
-- Withdraws the nomination, and its candidate when no other live nomination
-- is left (this statement still sees $1 as live).
WITH w AS (UPDATE nominations SET status = 'withdrawn',
updated_at = now() WHERE id = $1
AND status IN ('submitted', 'eligible', 'ineligible')
RETURNING candidate_id)
UPDATE candidates c SET status = 'withdrawn' FROM w
WHERE c.id = w.candidate_id AND c.status = 'active'
AND NOT EXISTS (SELECT 1 FROM nominations n
WHERE n.candidate_id = c.id AND n.id <> $1
AND n.status IN ('submitted', 'eligible', 'ineligible'));

-- name: SQL_NOMINATION_EXPIRE
-- Erases the nominations left unconfirmed past their link's
-- confirm_window() and every row that names their nominators (SPEC §3,
-- §5: the mail promises that nothing of them stays): the confirmation
-- mails queued for them, whatever their status, and, for an address no
-- nomination names any more, the mails of fresh links to it and its
-- requests for them.  An address another nomination still names keeps
-- them: its nomination needs the address anyway (withdrawn or not, it
-- keeps it until the cycle's purge).  Then forgets the confirmation
-- mails that no longer count toward the cap (confirm_mails).
WITH gone AS (DELETE FROM nominations WHERE status = 'pending'
	AND created_at < now() - confirm_window()
	RETURNING id, lower(nominator_email) AS address),
unnamed AS (SELECT DISTINCT g.address FROM gone g
	 WHERE g.address IS NOT NULL
	   AND NOT EXISTS (SELECT 1 FROM nominations n
			    WHERE lower(n.nominator_email) = g.address
			      AND n.id NOT IN (SELECT id FROM gone))),
mail AS (DELETE FROM outbox
	  WHERE dedupe_key IN (SELECT outbox_dedupe_key('nomination_created',
							  id::text)
				 FROM gone)
	     OR (event IN ('nomination_created', 'nomination_links')
		 AND lower(to_address) IN (SELECT address FROM unnamed))),
asked AS (DELETE FROM nomination_link_requests
	   WHERE lower(email) IN (SELECT address FROM unnamed)),
counted AS (DELETE FROM confirm_mails
	     WHERE queued_at < now() - confirm_window())
SELECT count(*) AS erased FROM gone;

-- name: SQL_OUTBOX_EXPIRE_LINKS
-- Mails whose link no longer works (outbox_link_expires_at, migration
-- 0007): a sent or dead one loses its body, which may hold the link; one
-- still held or queued becomes dead with the reason, since sending a dead
-- link helps no one.  A row being sent is left to its mailer.
UPDATE outbox SET body = '',
       status = CASE WHEN status IN ('held', 'queued') THEN 'dead'
		     ELSE status END,
       last_error = CASE WHEN status IN ('held', 'queued')
			 THEN 'link expired before the mail was sent'
			 ELSE last_error END
 WHERE body <> '' AND status <> 'sending'
   AND outbox_link_expires_at(event, dedupe_key, created_at) <= now();

-- name: SQL_CANDIDATE_EXPIRE
DELETE FROM candidates c WHERE c.status <> 'merged'
AND NOT EXISTS (SELECT 1 FROM nominations n
WHERE n.candidate_id = c.id);

-- name: SQL_TOKEN_CONFIRM_STATE
-- What a confirmation token ($1, its hash) says to its holder, without
-- spending it: read by the page before its button (the preview) and after
-- a spend that found nothing, to tell "already confirmed" (the nomination
-- left pending, by this link or a fresh one) from "expired" (still
-- pending, the link used or past its 72 hours).  A hash no token has gives
-- no row: a guesser learns nothing.  duplicate_at is when this address
-- last confirmed another live nomination of the same candidate, NULL
-- when it did not; the token holder reached the address, so
-- the nominee's name and the category may be shown to them.
SELECT t.nomination_id, n.status,
       t.used_at IS NOT NULL OR t.expires_at <= now() AS spent,
       c.phase, c.name AS cycle_name, k.name AS category_name,
       n.nominee_name, coalesce(n.nominator_email, '') AS nominator_email,
       (SELECT rfc3339(max(o.confirmed_at)) FROM nominations o
	 WHERE o.candidate_id = n.candidate_id AND o.id <> n.id
	   AND lower(o.nominator_email) = lower(n.nominator_email)
	   AND o.status IN ('submitted', 'eligible', 'ineligible'))
	   AS duplicate_at
  FROM tokens t
  JOIN nominations n ON n.id = t.nomination_id AND n.erased_at IS NULL
  JOIN cycles c ON c.id = n.cycle_id
  JOIN categories k ON k.id = n.category_id
 WHERE t.hash = $1 AND t.purpose = 'confirm';

-- name: SQL_NOMINATION_EDIT_NOMINEE
-- The nominator corrects the nominee's name ($2), affiliation ($3) and
-- role ($4) of nomination $1 while it is submitted and was never
-- screened: the organizers judged the person they read about.  The address is not
-- corrected (it joins the candidate).  The candidate is named by its
-- first confirmed nomination (confirm), so when that is this one, the
-- candidate follows the correction.  No row: it is no longer submitted,
-- or was screened once.
WITH n AS (UPDATE nominations SET nominee_name = $2,
	   nominee_affiliation = $3, nominee_role = $4, updated_at = now()
	 WHERE id = $1 AND status = 'submitted'
	   AND first_screened_at IS NULL
	 RETURNING id, candidate_id, confirmed_at),
c AS (UPDATE candidates SET nominee_name = $2, nominee_affiliation = $3
	FROM n
       WHERE candidates.id = n.candidate_id
	 AND candidates.status <> 'merged'
	 AND NOT EXISTS (SELECT 1 FROM nominations o
			  WHERE o.candidate_id = n.candidate_id
			    AND o.id <> n.id
			    AND o.confirmed_at < n.confirmed_at))
SELECT id FROM n;
