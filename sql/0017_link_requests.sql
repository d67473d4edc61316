-- The functions confirm_window() and address_key() that stood
-- here moved to sql/functions/ (10_confirm_window.sql,
-- 10_address_key.sql), the one live definition of each function and view,
-- applied by awards migrate after the numbered migrations.  Editing an
-- applied migration is allowed this once only: migration checksums arrive
-- in the same release, so every database in the field has NULL checksums
-- and adopts this text on its first migrate (SQL_MIGRATE_ADOPT;
-- docs/sql.md).

-- Fresh links asked for by address (POST
-- /api/nominations/links) and the cap on confirmation mails to one
-- address (SPEC §7).

-- "Mail me my links" records a request, in the same statement whatever
-- the address, so that neither the answer nor its timing tells whether
-- it nominated anyone (SPEC §7); the mailer, not the request, looks the
-- nominations up and mails the links, or nothing (links.c).  At most 3
-- requests per address in 15 minutes.  A request answered is forgotten
-- once it no longer counts (15 minutes); an expired unconfirmed
-- nomination takes the requests of its address with it (SPEC §3).
CREATE TABLE nomination_link_requests (
	id		bigserial PRIMARY KEY,
	email		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	done_at		timestamptz
);
CREATE INDEX nomination_link_requests_email
    ON nomination_link_requests (lower(email), created_at);
CREATE INDEX nomination_link_requests_pending
    ON nomination_link_requests (id) WHERE done_at IS NULL;

-- Every confirmation mail queued, by the key of its address: at most 5
-- in confirm_window() per address (SPEC §7), however the nominations
-- were made or moved.  The outbox cannot count them: "Wrong address?"
-- deletes the mail it replaces, and the expiry the mails of erased
-- nominations.  Rows older than the window are deleted by housekeeping.
CREATE TABLE confirm_mails (
	address_key	bytea NOT NULL,
	queued_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX confirm_mails_address ON confirm_mails (address_key, queued_at);
CREATE INDEX confirm_mails_queued ON confirm_mails (queued_at);
