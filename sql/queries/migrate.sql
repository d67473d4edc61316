-- `awards migrate` (migrate.c), on a connection of its own as the owner
-- role.  Run unprepared there: the schema they read may not exist yet.

-- name: SQL_MIGRATE_SETTINGS
-- A migration's NOTICEs (IF NOT EXISTS, ...) are not worth printing.
SET client_min_messages = warning;

-- name: SQL_MIGRATE_LOCK
-- Any constant, the same in every process ("awards" in ASCII): a second
-- `awards migrate` waits here, then finds nothing left to do.
SELECT pg_advisory_lock(617761726473);

-- name: SQL_MIGRATE_TABLE
CREATE TABLE IF NOT EXISTS schema_migrations (
	name		text PRIMARY KEY,
	applied_at	timestamptz NOT NULL DEFAULT now()
);

-- name: SQL_MIGRATE_APPLIED
-- Whether migration $1 was applied: a row, or none.
SELECT 1 AS applied FROM schema_migrations WHERE name = $1;

-- name: SQL_MIGRATE_RECORD
INSERT INTO schema_migrations (name) VALUES ($1);
