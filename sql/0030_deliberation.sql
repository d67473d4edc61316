-- Deliberation: review versions, the reason a review was
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

-- The view live_sessions and the functions comment_editable_until() and
-- meeting_etag() are in sql/functions (10_live_sessions.sql,
-- 10_comment_editable_until.sql, 10_meeting_etag.sql).
