-- The function outbox_link_expires_at() that stood here moved to
-- sql/functions/ (20_outbox_link_expires_at.sql), the one live definition
-- of each function and view, applied by awards migrate after the numbered
-- migrations.  Editing an applied migration is allowed this once only:
-- migration checksums arrive in the same release, so every database in the
-- field has NULL checksums and adopts this text on its first migrate
-- (SQL_MIGRATE_ADOPT; docs/sql.md).

-- Confidentiality and abuse (SPEC §5 and §7).

-- Until an address is confirmed, no mail to it carries text the sender
-- chose (SPEC §7): the confirmation mail says only that a nomination was
-- made with this address for the cycle, and how to confirm or ignore it.
-- No names: a nominator "name" of "IT Security: verify at ..." would reach
-- any address from the programme's own.  A cycle's own copy that used the
-- placeholders no longer provided would no longer render: it goes, and
-- the cycle uses this default again.
UPDATE templates SET subject = 'Please confirm a nomination made with '
	|| 'this address',
    body = 'Hello,

Someone used this address to make a nomination for the {{cycle_name}}.
Nothing is submitted until it is confirmed.

If it was you, please confirm it within 72 hours by opening this link:

{{confirm_url}}

If it was not you, ignore this message: nothing will be submitted, and
the nomination and this address will be erased when the link expires.
'
 WHERE cycle_id IS NULL AND event = 'nomination_created';
DELETE FROM templates WHERE cycle_id IS NOT NULL
   AND event = 'nomination_created'
   AND (subject || body) ~ '\{\{ *(nominator_name|nominee_name|category_name) *\}\}';

-- At most 5 unconfirmed nominations per nominator address at a time: the
-- count at every submission reads this index.
CREATE INDEX nominations_pending_nominator
    ON nominations (lower(nominator_email)) WHERE status = 'pending';

-- "Mail me a link" (POST /api/session/link) records a request whatever
-- the address, in the same statements whether or not it has an account,
-- so that neither the answer nor its timing tells (SPEC §7); the mailer,
-- not the request, looks the account up and mails a link or nothing
-- (login_link.c).  At most 5 requests per address in 15 minutes.  Rows
-- are forgotten a day later.
CREATE TABLE login_link_requests (
	id		bigserial PRIMARY KEY,
	email		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	done_at		timestamptz
);
CREATE INDEX login_link_requests_email
    ON login_link_requests (lower(email), created_at);
CREATE INDEX login_link_requests_pending ON login_link_requests (id)
    WHERE done_at IS NULL;
