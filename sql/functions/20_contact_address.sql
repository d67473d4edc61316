-- Whom a person writes to about the programme: the contact address of
-- cycle $1; when it names none (or for a mail of no cycle: invitations,
-- login links), that of the cycle open for nominations, else of the
-- newest cycle that names one.  NULL when no cycle names one: the caller
-- then falls back to AWARDS_MAIL_FROM.  Read by the mailer for the line
-- it adds to every mail, and by GET /api/contact for the pages.
CREATE OR REPLACE FUNCTION contact_address(cycle bigint)
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
