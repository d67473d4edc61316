-- GET /api/health (health.c): one statement, cheap enough for a load
-- balancer's every few seconds.

-- name: SQL_HEALTH
-- The latest migration applied (schema), and the first of those this
-- binary carries ($1 names in order, $2 their checksums) that the
-- database lacks (missing) or applied from another text: the same test
-- as SQL_SCHEMA_CHECK, so serve answers 503 where a restart would
-- refuse to start.  Migrations newer than the binary do not count: they
-- are applied before the new binary replaces this one.
WITH wrong AS (
	SELECT m.name, s.name IS NULL AS missing
	  FROM unnest($1::text[], $2::text[])
	       WITH ORDINALITY AS m(name, checksum, n)
	  LEFT JOIN schema_migrations s ON s.name = m.name
	 WHERE s.name IS NULL OR s.checksum IS DISTINCT FROM m.checksum
	 ORDER BY m.n
	 LIMIT 1
)
SELECT (SELECT max(name) FROM schema_migrations) AS schema,
       (SELECT name FROM wrong) AS wrong,
       (SELECT missing FROM wrong) AS missing;
