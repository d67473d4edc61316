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

-- name: SQL_MIGRATE_ADOPT_SUPERSEDED
-- prepare: no
-- Issue 21 took the function and view bodies out of these migrations
-- (sql/functions).  Databases in the field have NULL checksums and adopt
-- the new texts above; one built since checksums arrived, from the texts
-- listed here by their SHA-256 (commit bfbb8af), adopts them too ($1
-- names, $2 checksums as in SQL_MIGRATE_ADOPT).  Any other text is still
-- refused.
UPDATE schema_migrations s SET checksum = m.checksum
  FROM unnest($1::text[], $2::text[]) AS m(name, checksum),
       (VALUES
	('0001_schema',
	 '0e9039ae7f8a71f7b1afd8d06fc91274fba84f6f85c24fa4ce8d1c46739c46f2'),
	('0003_rfc3339',
	 '1fd04b071a448d86a4ea9a8d7293b3c66739d9cb67e0f2e85b2f585d059c60fb'),
	('0007_security',
	 '73391068fca1a9b8fac249f07cff72301b5b1d32047e788756d3935d7edf2540'),
	('0011_rankings',
	 'da349acb53f5c437b40a0529c16d329847968bd34ef4ec9aef9c7423a86877ed'),
	('0012_corrections',
	 'ce69fddd0e1c8571764bb3ffb687a9d4267e1f582c9340ff7300fe16e0c8363a'),
	('0013_member_candidates',
	 'd339287463d2392a60decf02ad3a5f0f3aef91c75f432ad9c7526ec8fad8be63'),
	('0014_cycle_rubrics',
	 '49f0deaa13891b393ac00f118cb11585eedf94cd855905a0da102c32ccb72651'),
	('0015_rfc3339_inline',
	 '6e2ea4fb960de76b461db41b1fedde3b6cc8564152777e56cec5ec1ba7092806'),
	('0016_rankings_exact',
	 '6f145f3ec976d1e9fa59aa1bbc4dcf8237c82816e201ccd1f4bc8dfb8aae1924'),
	('0017_link_requests',
	 '6de76e8b64dec20b430444bdd24513c32ec6c644e36057e9a7048a848c62b8b3'),
	('0018_conflicts_screening',
	 '589f917baace51dca473f6add1011977e17b9ff23a0e1632b50034b4c74f0809'),
	('0019_criterion_limits',
	 '0e6c71e9f523de3b16025c9a8ec14cb0375176da2db5ed9d36de2f4a5070042e')
       ) AS old(name, checksum)
 WHERE s.name = m.name AND old.name = m.name
   AND s.checksum = old.checksum;

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
