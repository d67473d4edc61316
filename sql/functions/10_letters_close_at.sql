-- When letters close, as told to referees and used by the reminder: the
-- phase decides what is accepted (letters are written until scoring
-- begins), but a cycle has no planned start of scoring, so the date is
-- the close of nominations plus 7 days, never after the close of
-- scoring (docs/letters.md).  NULL when the cycle has no close date.
CREATE OR REPLACE FUNCTION letters_close_at(nominations_close timestamptz,
    scoring_close timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT least(nominations_close + interval '7 days',
		     coalesce(scoring_close, 'infinity'))
$$;
