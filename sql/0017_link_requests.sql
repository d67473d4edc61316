-- Issue 20: fresh links asked for by address (POST
-- /api/nominations/links) and the cap on confirmation mails to one
-- address (SPEC §7).

-- How long a confirmation link lives, so how long an unconfirmed
-- nomination lives, and the window of the cap on confirmation mails to
-- one address (SPEC §3, §7): the cap follows the link, so a nominator
-- who keeps within it never waits longer than a link lives.  One writer
-- of the rule; IMMUTABLE, so the planner folds it to a constant.
CREATE FUNCTION confirm_window() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT interval '72 hours'
$$;

-- The key an address is counted under where only the count is needed:
-- the SHA-256 of the address trimmed and lower-cased, so the table that
-- counts keeps no address.
CREATE FUNCTION address_key(address text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT sha256(convert_to(lower(btrim(address)), 'UTF8'))
$$;

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
