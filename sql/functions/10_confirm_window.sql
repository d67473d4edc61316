-- How long a confirmation link lives, so how long an unconfirmed
-- nomination lives, and the window of the cap on confirmation mails to
-- one address (SPEC §3, §7): the cap follows the link, so a nominator
-- who keeps within it never waits longer than a link lives.  The one
-- writer of the rule (the mails and pages say it in words: docs/sql.md);
-- IMMUTABLE, so the planner folds it to a constant.
CREATE OR REPLACE FUNCTION confirm_window() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT interval '72 hours'
$$;
