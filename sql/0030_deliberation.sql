-- Deliberation (issue 22): review versions, the reason a review was
-- reopened, the candidates' discussion threads and the meeting.

-- Each save of a review answers its version; a save carries the version
-- it edits, so a second tab never silently overwrites the first.  The
-- reason an organizer gave for reopening a final review is shown to its
-- member until they make it final again.
ALTER TABLE reviews ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN reopen_reason text,
    ADD COLUMN reopened_at timestamptz;

-- One thread per candidate.  Purged with the reviews (awards purge).
CREATE TABLE comments (
	id		bigserial PRIMARY KEY,
	candidate_id	bigint NOT NULL REFERENCES candidates ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users ON DELETE CASCADE,
	body		text NOT NULL
	    CHECK (char_length(body) BETWEEN 1 AND 5000),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_candidate ON comments (candidate_id, id);

-- The meeting of a cycle: the candidate the organizer leads the
-- committee through now.  One row per cycle; members poll it.
CREATE TABLE meetings (
	cycle_id	bigint PRIMARY KEY REFERENCES cycles ON DELETE CASCADE,
	candidate_id	bigint NOT NULL,
	set_by		bigint REFERENCES users,
	set_at		timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (candidate_id, cycle_id)
	    REFERENCES candidates (id, cycle_id) ON DELETE CASCADE
);

-- A session that may be used, written once for the session load and the
-- meeting's follow request (which checks the session and the meeting in
-- one statement): not revoked, idle under 2 h, younger than 12 h.
CREATE VIEW live_sessions AS
SELECT s.*
  FROM sessions s
 WHERE s.revoked_at IS NULL AND s.expires_at > now()
   AND s.last_seen_at > now() - interval '2 hours';

-- Until when the author of a comment written at created may edit or
-- delete it: 15 minutes, written once for every statement that asks.
CREATE FUNCTION comment_editable_until(created timestamptz)
    RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT created + interval '15 minutes'
$$;

-- The ETag of a cycle's meeting as one reader sees it: the cycle's
-- phase, the current candidate and when it was set, and whether the
-- reader is conflicted with it (their answer differs).  Both the
-- meeting's read and its follow request (304) compute it here.
CREATE FUNCTION meeting_etag(phase text, candidate_id bigint,
    set_at timestamptz, conflicted boolean)
    RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT '"' || phase || '.' || coalesce(candidate_id, 0) || '.' ||
	       coalesce(floor(extract(epoch FROM set_at) * 1000000)::bigint,
			0) || '.' || CASE WHEN conflicted THEN 'c' ELSE 'v' END
	       || '"'
$$;
