-- Issue 14: "Wrong address?" on the check-your-email screen, and the
-- organizers' contact address in every mail and on every error page.

-- The tab that submitted a nomination may correct the nominator's
-- address while the nomination is unconfirmed (nomination_correct(),
-- cgi/correct.c).  Its secret is server-made (256 bits, given once in the
-- 202), stored only as its SHA-256, single use (each correction replaces
-- it) and valid for one hour from the submission; corrections counts
-- them, so one nomination cannot be aimed at address after address.
ALTER TABLE nominations
	ADD COLUMN correction_hash bytea,
	ADD COLUMN correction_expires_at timestamptz,
	ADD COLUMN corrections integer NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX nominations_correction ON nominations (correction_hash)
    WHERE correction_hash IS NOT NULL;

-- Whom a person writes to about the programme: the contact address of
-- cycle $1; when it names none (or for a mail of no cycle: invitations,
-- login links), that of the cycle open for nominations, else of the
-- newest cycle that names one.  NULL when no cycle names one: the caller
-- then falls back to AWARDS_MAIL_FROM.  Read by the mailer for the line
-- it adds to every mail, and by GET /api/contact for the pages.
CREATE FUNCTION contact_address(cycle bigint)
    RETURNS text LANGUAGE sql STABLE AS $$
	SELECT coalesce(
	    (SELECT contact_email FROM cycles WHERE id = cycle),
	    (SELECT contact_email FROM cycles
	      WHERE phase = 'nominations_open' AND contact_email IS NOT NULL
	      ORDER BY id DESC LIMIT 1),
	    (SELECT contact_email FROM cycles
	      WHERE contact_email IS NOT NULL
	      ORDER BY id DESC LIMIT 1))
$$;
