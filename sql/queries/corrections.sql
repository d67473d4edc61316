-- "Wrong address?": the submitting tab corrects the nominator's address
-- of an unconfirmed nomination (correct.c).

-- name: SQL_CORRECTION_FIND
-- The nomination whose correction secret has hash $1, without a lock:
-- the statements after it lock in the order a confirmation does (its
-- confirmation tokens first, then the row), so the two never deadlock.
-- A secret replaced by a later correction matches nothing: used.
SELECT n.id AS nomination_id, n.status, n.cycle_id,
       c.name AS cycle_name, n.lang,
       coalesce(n.nominator_email, '') AS old_email,
       n.correction_expires_at > now() AS live,
       n.corrections < 3 AS left,
       n.created_at > now() - confirm_window() AS unexpired,
       rfc3339(n.correction_expires_at) AS correction_expires_at
  FROM nominations n
  JOIN cycles c ON c.id = n.cycle_id
 WHERE n.correction_hash = $1 AND n.erased_at IS NULL;

-- name: SQL_CORRECTION_PENDING
-- The caps of SPEC §7 for the corrected address $1, run after
-- SQL_NOMINATOR_LOCK of that address, as a submission counts them
-- (SQL_NOMINATION_SUBMIT): its unconfirmed nominations, not counting
-- nomination $2 itself, and the confirmation mails queued to it in
-- confirm_window(), with the seconds until each count goes down.
WITH pending AS (
	SELECT count(*) AS n,
	       greatest(1, ceil(extract(epoch FROM min(created_at)
		   + confirm_window() - now())))::integer AS retry_after
	  FROM nominations
	 WHERE lower(nominator_email) = lower(btrim($1))
	   AND status = 'pending' AND id <> $2
	   AND created_at > now() - confirm_window()
), mailed AS (
	SELECT count(*) AS n,
	       greatest(1, ceil(extract(epoch FROM min(queued_at)
		   + confirm_window() - now())))::integer AS retry_after
	  FROM confirm_mails
	 WHERE address_key = address_key($1)
	   AND queued_at > now() - confirm_window()
)
SELECT pending.n AS pending, pending.retry_after,
       mailed.n AS mails, mailed.retry_after AS mail_retry_after
  FROM pending, mailed;

-- name: SQL_CONFIRM_MAIL_COUNT
-- Counts a confirmation mail queued to address $1 toward the cap of SPEC
-- §7 (confirm_mails, migration 0017).  A submission counts its own in
-- SQL_NOMINATION_SUBMIT.
INSERT INTO confirm_mails (address_key) VALUES (address_key($1));

-- name: SQL_CORRECTION_DROP_LINKS
-- Every confirmation link of nomination $1 stops working: the rows go
-- (they hold no address, but a link the old address received must find
-- nothing).  Deleting a token a confirmation is spending waits for it,
-- so a confirmation in flight either wins (the update after this finds
-- the nomination submitted) or finds no token.
DELETE FROM tokens WHERE nomination_id = $1 AND purpose = 'confirm';

-- name: SQL_CORRECTION_APPLY
-- The correction itself, only while nomination $1 is pending, made less
-- than confirm_window() ago, and its secret $2 still the live one: the
-- nominator address becomes $3 (the old one is overwritten: nothing of
-- it stays on the row), and the secret is replaced by $4 (after the
-- third correction it still tells the tab where the nomination stands,
-- but corrects nothing more).  No row: confirmed, withdrawn, expired, three
-- corrections made, or another correction with the same secret won.
UPDATE nominations SET nominator_email = $3, correction_hash = $4,
       corrections = corrections + 1, updated_at = now()
 WHERE id = $1 AND status = 'pending' AND correction_hash = $2
   AND correction_expires_at > now() AND corrections < 3
   AND created_at > now() - confirm_window()
RETURNING id, corrections < 3 AS again,
	  rfc3339(correction_expires_at) AS correction_expires_at;

-- name: SQL_CORRECTION_DROP_MAIL
-- The old address gets nothing more and keeps nothing here: the
-- confirmation mail of nomination $1 (queued, held, sent or dead) goes,
-- and with it the fresh-links mails to the old address $2 and its
-- requests for them once no nomination of that address is left.  A mail
-- a mailer is sending right now may still leave, carrying a link that no
-- longer works.
WITH confirm AS (
	DELETE FROM outbox
	 WHERE dedupe_key = outbox_dedupe_key('nomination_created', $1)
	RETURNING id
), unnamed AS (
	SELECT lower($2) AS address
	 WHERE NOT EXISTS (SELECT 1 FROM nominations
			    WHERE lower(nominator_email) = lower($2))
), links AS (
	DELETE FROM outbox WHERE event = 'nomination_links'
	   AND lower(to_address) IN (SELECT address FROM unnamed)
	RETURNING id
), asked AS (
	DELETE FROM nomination_link_requests
	 WHERE lower(email) IN (SELECT address FROM unnamed)
	RETURNING id
)
SELECT (SELECT count(*) FROM confirm) + (SELECT count(*) FROM links)
       AS dropped;
