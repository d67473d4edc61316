-- The append-only trigger of audit_log that stood here moved to
-- sql/functions/ (10_audit_log_append_only.sql), the one live definition
-- of each function and view, applied by awards migrate after the numbered
-- migrations.  Editing an applied migration is allowed this once only:
-- migration checksums arrive in the same release, so every database in the
-- field has NULL checksums and adopts this text on its first migrate
-- (SQL_MIGRATE_ADOPT; docs/sql.md).

-- The whole schema of SPEC §3 and §5.  Constraints keep the data true
-- whatever the application does: phases, statuses and scales are checked
-- here, and rows of one cycle cannot point at another cycle's rows.

CREATE TABLE users (
	id		bigserial PRIMARY KEY,
	email		text NOT NULL CHECK (email = btrim(email) AND email <> ''),
	name		text NOT NULL CHECK (name <> ''),
	role		text NOT NULL CHECK (role IN ('committee', 'organizer')),
	password_hash	text,
	password_changed_at timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE cycles (
	id			bigserial PRIMARY KEY,
	name			text NOT NULL CHECK (name <> ''),
	phase			text NOT NULL DEFAULT 'draft' CHECK (phase IN
	    ('draft', 'nominations_open', 'nominations_closed', 'scoring',
	     'deliberation', 'decided', 'announced')),
	nominations_open_at	timestamptz,
	nominations_close_at	timestamptz,
	scoring_close_at	timestamptz,
	reviewers_per_candidate	integer NOT NULL DEFAULT 3
	    CHECK (reviewers_per_candidate BETWEEN 1 AND 50),
	blind			boolean NOT NULL DEFAULT true,
	notify_nominees		boolean NOT NULL DEFAULT false,
	announce_to		text,
	announced_at		timestamptz,
	created_at		timestamptz NOT NULL DEFAULT now(),
	CHECK (nominations_open_at < nominations_close_at),
	CHECK (nominations_close_at <= scoring_close_at)
);
-- At most one cycle takes nominations at a time: /api/cycles/current is one.
CREATE UNIQUE INDEX cycles_one_open ON cycles ((true))
    WHERE phase = 'nominations_open';

CREATE TABLE categories (
	id		bigserial PRIMARY KEY,
	cycle_id	bigint NOT NULL REFERENCES cycles ON DELETE CASCADE,
	name		text NOT NULL CHECK (name <> ''),
	description	text NOT NULL DEFAULT '',
	max_awardees	integer NOT NULL DEFAULT 1 CHECK (max_awardees >= 1),
	UNIQUE (cycle_id, name),
	UNIQUE (id, cycle_id)
);

CREATE TABLE criteria (
	id		bigserial PRIMARY KEY,
	cycle_id	bigint NOT NULL REFERENCES cycles ON DELETE CASCADE,
	name		text NOT NULL CHECK (name <> ''),
	description	text NOT NULL DEFAULT '',
	weight		numeric NOT NULL DEFAULT 1 CHECK (weight > 0),
	min_score	integer NOT NULL DEFAULT 1,
	max_score	integer NOT NULL DEFAULT 5,
	UNIQUE (cycle_id, name),
	UNIQUE (id, cycle_id),
	CHECK (min_score < max_score)
);

-- A nominee in a category.  email_key is the nominee's email, trimmed and
-- lower-cased: nominations with the same key in one category join here.
CREATE TABLE candidates (
	id		bigserial PRIMARY KEY,
	cycle_id	bigint NOT NULL,
	category_id	bigint NOT NULL,
	email_key	text NOT NULL,
	nominee_name	text NOT NULL,
	nominee_affiliation text NOT NULL DEFAULT '',
	status		text NOT NULL DEFAULT 'active'
	    CHECK (status IN ('active', 'withdrawn', 'merged')),
	merged_into	bigint REFERENCES candidates,
	created_at	timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (category_id, cycle_id)
	    REFERENCES categories (id, cycle_id) ON DELETE CASCADE,
	UNIQUE (id, cycle_id),
	CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);
CREATE UNIQUE INDEX candidates_nominee_key ON candidates (category_id, email_key)
    WHERE status <> 'merged';
CREATE INDEX candidates_cycle ON candidates (cycle_id, category_id);

CREATE TABLE nominations (
	id			bigserial PRIMARY KEY,
	cycle_id		bigint NOT NULL,
	category_id		bigint NOT NULL,
	candidate_id		bigint NOT NULL,
	nominee_name		text NOT NULL,
	nominee_email		text NOT NULL,
	nominee_affiliation	text NOT NULL DEFAULT '',
	nominee_role		text NOT NULL DEFAULT '',
	nominator_name		text,
	nominator_email		text,
	nominator_affiliation	text,
	nominator_relationship	text,
	statement		text,
	consent_contact_nominee	boolean NOT NULL DEFAULT false,
	status			text NOT NULL DEFAULT 'pending' CHECK (status IN
	    ('pending', 'submitted', 'eligible', 'ineligible', 'withdrawn')),
	screening_reason	text,
	idempotency_key		text UNIQUE,
	request_hash		text,
	created_at		timestamptz NOT NULL DEFAULT now(),
	confirmed_at		timestamptz,
	updated_at		timestamptz NOT NULL DEFAULT now(),
	erased_at		timestamptz,
	FOREIGN KEY (category_id, cycle_id)
	    REFERENCES categories (id, cycle_id) ON DELETE CASCADE,
	FOREIGN KEY (candidate_id, cycle_id)
	    REFERENCES candidates (id, cycle_id) ON DELETE CASCADE,
	-- Statements are 50 to 20,000 characters until purge erases them.
	CHECK (erased_at IS NOT NULL OR
	    char_length(statement) BETWEEN 50 AND 20000)
);
CREATE INDEX nominations_candidate ON nominations (candidate_id);
CREATE INDEX nominations_cycle ON nominations (cycle_id, status);
CREATE INDEX nominations_pending ON nominations (created_at)
    WHERE status = 'pending';

-- One-time links.  Only the SHA-256 of the token is kept.
CREATE TABLE tokens (
	id		bigserial PRIMARY KEY,
	hash		bytea NOT NULL UNIQUE,
	purpose		text NOT NULL
	    CHECK (purpose IN ('confirm', 'manage', 'login', 'invite')),
	nomination_id	bigint REFERENCES nominations ON DELETE CASCADE,
	user_id		bigint REFERENCES users ON DELETE CASCADE,
	expires_at	timestamptz NOT NULL,
	used_at		timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK ((nomination_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX tokens_nomination ON tokens (nomination_id);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE sessions (
	id		bigserial PRIMARY KEY,
	hash		bytea NOT NULL UNIQUE,
	user_id		bigint NOT NULL REFERENCES users ON DELETE CASCADE,
	csrf_token	text NOT NULL,
	address		text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	revoked_at	timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, for throttling per account and per client address.
CREATE TABLE login_failures (
	id		bigserial PRIMARY KEY,
	email		text NOT NULL,
	address		text NOT NULL,
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (lower(email), at);
CREATE INDEX login_failures_address ON login_failures (address, at);

CREATE TABLE assignments (
	id		bigserial PRIMARY KEY,
	candidate_id	bigint NOT NULL REFERENCES candidates ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users ON DELETE CASCADE,
	-- Set when the member answered "no conflict": statements unlock.
	attested_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (candidate_id, user_id)
);
CREATE INDEX assignments_user ON assignments (user_id);

CREATE TABLE conflicts (
	id		bigserial PRIMARY KEY,
	candidate_id	bigint NOT NULL REFERENCES candidates ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users ON DELETE CASCADE,
	source		text NOT NULL
	    CHECK (source IN ('automatic', 'declared', 'organizer')),
	reason		text NOT NULL DEFAULT '',
	created_by	bigint REFERENCES users,
	created_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (candidate_id, user_id)
);
CREATE INDEX conflicts_user ON conflicts (user_id);

CREATE TABLE reviews (
	id		bigserial PRIMARY KEY,
	candidate_id	bigint NOT NULL REFERENCES candidates ON DELETE CASCADE,
	user_id		bigint NOT NULL REFERENCES users ON DELETE CASCADE,
	comment		text NOT NULL DEFAULT '',
	final		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE (candidate_id, user_id)
);
CREATE INDEX reviews_user ON reviews (user_id) WHERE final;

CREATE TABLE review_scores (
	review_id	bigint NOT NULL REFERENCES reviews ON DELETE CASCADE,
	criterion_id	bigint NOT NULL REFERENCES criteria ON DELETE CASCADE,
	score		integer NOT NULL,
	PRIMARY KEY (review_id, criterion_id)
);

CREATE TABLE decisions (
	candidate_id	bigint PRIMARY KEY REFERENCES candidates ON DELETE CASCADE,
	decision	text NOT NULL CHECK (decision IN
	    ('awardee', 'honorable_mention', 'not_selected')),
	decided_by	bigint REFERENCES users,
	decided_at	timestamptz NOT NULL DEFAULT now()
);

-- Mail templates.  cycle_id NULL holds the shipped defaults; a cycle's own
-- row, once edited, takes their place for that cycle.
CREATE TABLE templates (
	id		bigserial PRIMARY KEY,
	cycle_id	bigint REFERENCES cycles ON DELETE CASCADE,
	event		text NOT NULL,
	subject		text NOT NULL,
	body		text NOT NULL,
	updated_at	timestamptz NOT NULL DEFAULT now(),
	UNIQUE NULLS NOT DISTINCT (cycle_id, event)
);

-- The transactional outbox: a mail exists if and only if the transaction
-- that queued it committed.  The mailer claims rows with a lease.
CREATE TABLE outbox (
	id		bigserial PRIMARY KEY,
	event		text NOT NULL,
	cycle_id	bigint REFERENCES cycles ON DELETE SET NULL,
	to_address	text NOT NULL CHECK (to_address !~ '[\r\n]'),
	to_name		text NOT NULL DEFAULT '' CHECK (to_name !~ '[\r\n]'),
	subject		text NOT NULL CHECK (subject !~ '[\r\n]'),
	body		text NOT NULL,
	status		text NOT NULL DEFAULT 'queued' CHECK (status IN
	    ('held', 'queued', 'sending', 'sent', 'dead')),
	attempts	integer NOT NULL DEFAULT 0,
	next_attempt_at	timestamptz NOT NULL DEFAULT now(),
	lease_until	timestamptz,
	last_error	text,
	message_id	text NOT NULL UNIQUE,
	dedupe_key	text NOT NULL UNIQUE,
	created_at	timestamptz NOT NULL DEFAULT now(),
	sent_at		timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at)
    WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_status ON outbox (status, id);

-- Append-only: the trigger below refuses UPDATE and DELETE for every role
-- the application uses, so no bug and no injection can rewrite history.
CREATE TABLE audit_log (
	id		bigserial PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	user_id		bigint,
	action		text NOT NULL,
	object_type	text NOT NULL,
	object_id	bigint,
	address		text,
	detail		jsonb NOT NULL DEFAULT '{}'
);
