-- The schema check (migrate.c, migrate_check): run by `awards migrate` as
-- the owner, and at start by `awards serve` and `awards mailer` as the
-- application role, which may read schema_migrations for it.

-- name: SQL_SCHEMA_CHECK
-- prepare: no
-- The first of the migrations this binary carries ($1 names in order, $2
-- their checksums) that the database applied from another text
-- (changed), or has not applied (missing).  No row: they agree.
SELECT m.name, s.name IS NULL AS missing
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS m(name, checksum, n)
  LEFT JOIN schema_migrations s ON s.name = m.name
 WHERE s.name IS NULL OR s.checksum IS DISTINCT FROM m.checksum
 ORDER BY m.n
 LIMIT 1;
