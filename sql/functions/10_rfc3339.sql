-- Times leave the database as RFC 3339 UTC text (SPEC §4), written once
-- here rather than in every statement.  STABLE, which is what it is
-- (to_char() is STABLE): a SQL function is inlined into its caller only
-- when its body is no more volatile than it says, and inlined it costs
-- what to_char() written in place costs (docs/performance.md).  So no
-- index or generated column may use it: those need IMMUTABLE.
CREATE OR REPLACE FUNCTION rfc3339(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;
