-- `awards migrate` (migrate.c), on a connection of its own as the owner
-- role.  Run unprepared there: the schema they read may not exist yet;
-- and never prepared by serve and the mailer ("-- prepare: no").

-- name: SQL_MIGRATE_SETTINGS
-- prepare: no
-- A migration's NOTICEs (IF NOT EXISTS, ...) are not worth printing.
SET client_min_messages = warning;

-- name: SQL_MIGRATE_LOCK
-- prepare: no
-- Any constant, the same in every process ("awards" in ASCII): a second
-- `awards migrate` waits here, then finds nothing left to do.
SELECT pg_advisory_lock(617761726473);

-- name: SQL_MIGRATE_TABLE
-- prepare: no
CREATE TABLE IF NOT EXISTS schema_migrations (
	name		text PRIMARY KEY,
	applied_at	timestamptz NOT NULL DEFAULT now()
);

-- name: SQL_MIGRATE_CHECKSUM_COLUMN
-- prepare: no
-- The SHA-256 of each applied migration's text: an applied migration is
-- immutable, and a changed one is refused rather than silently skipped.
ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text;

-- name: SQL_MIGRATE_ADOPT
-- prepare: no
-- Migrations applied before checksums were recorded take the checksum of
-- the text this binary carries ($1 names, $2 checksums): the first run
-- that can tell is trusted, as no earlier text was kept.
UPDATE schema_migrations s SET checksum = m.checksum
  FROM unnest($1::text[], $2::text[]) AS m(name, checksum)
 WHERE s.name = m.name AND s.checksum IS NULL;

-- name: SQL_MIGRATE_APPLIED
-- prepare: no
-- Whether migration $1 was applied: a row, or none.
SELECT 1 AS applied FROM schema_migrations WHERE name = $1;

-- name: SQL_MIGRATE_RECORD
-- prepare: no
INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2);

-- name: SQL_MIGRATE_FUNCTIONS_TABLE
-- prepare: no
-- The function files applied (sql/functions, docs/sql.md): the SHA-256 of
-- the text of each as last applied, so that an unchanged file is not
-- applied again.
CREATE TABLE IF NOT EXISTS schema_functions (
	name		text PRIMARY KEY,
	checksum	text NOT NULL,
	applied_at	timestamptz NOT NULL DEFAULT now()
);

-- name: SQL_MIGRATE_FUNCTION_CURRENT
-- prepare: no
-- Whether function file $1 was last applied with the text of checksum $2:
-- a row, or none.
SELECT 1 AS current FROM schema_functions
 WHERE name = $1 AND checksum = $2;

-- name: SQL_MIGRATE_FUNCTION_RECORD
-- prepare: no
INSERT INTO schema_functions (name, checksum) VALUES ($1, $2)
ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum,
       applied_at = now();
