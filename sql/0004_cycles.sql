-- Running a cycle: criteria carry words for the ends of their
-- scale, a cycle has an optional contact address for its organizers and
-- counts its automatic assignment runs (each run mails once per member),
-- and a review left behind by a merge is kept but marked.

ALTER TABLE criteria
	ADD COLUMN min_label text NOT NULL DEFAULT '',
	ADD COLUMN max_label text NOT NULL DEFAULT '';

ALTER TABLE cycles
	ADD COLUMN contact_email text
	    CHECK (contact_email IS NULL OR contact_email = btrim(contact_email)),
	ADD COLUMN assignment_runs integer NOT NULL DEFAULT 0;

-- When two candidates merge and one member reviewed both, the review of
-- the candidate kept stays; the other stays with the merged candidate,
-- marked, so no work is lost and none is counted twice.
ALTER TABLE reviews
	ADD COLUMN merged boolean NOT NULL DEFAULT false;

CREATE INDEX assignments_candidate ON assignments (candidate_id);
CREATE INDEX conflicts_candidate ON conflicts (candidate_id);
