-- Until when the author of a comment written at created may edit or
-- delete it: 15 minutes, written once for every statement that asks.
CREATE OR REPLACE FUNCTION comment_editable_until(created timestamptz)
    RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT created + interval '15 minutes'
$$;
