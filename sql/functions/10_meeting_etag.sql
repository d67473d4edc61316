-- The ETag of a cycle's meeting as one reader sees it: the cycle's
-- phase, the current candidate and when it was set, and whether the
-- reader is conflicted with it (their answer differs).  Both the
-- meeting's read and its follow request (304) compute it here.
CREATE OR REPLACE FUNCTION meeting_etag(phase text, candidate_id bigint,
    set_at timestamptz, conflicted boolean)
    RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT '"' || phase || '.' || coalesce(candidate_id, 0) || '.' ||
	       coalesce(floor(extract(epoch FROM set_at) * 1000000)::bigint,
			0) || '.' || CASE WHEN conflicted THEN 'c' ELSE 'v' END
	       || '"'
$$;
