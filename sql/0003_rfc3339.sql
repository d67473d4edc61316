-- Times leave the database as RFC 3339 UTC text (SPEC §4), written once
-- here rather than in every statement.  (0015 declares it STABLE: as
-- IMMUTABLE it was not inlined.)
CREATE FUNCTION rfc3339(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;
