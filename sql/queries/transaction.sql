-- Transactions and the health check (db.c, health.c).

-- name: SQL_BEGIN
BEGIN;

-- name: SQL_COMMIT
COMMIT;

-- name: SQL_ROLLBACK
ROLLBACK;

-- name: SQL_HEALTH
SELECT 1 AS ok;
