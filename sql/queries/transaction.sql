-- Transactions (db.c).

-- name: SQL_BEGIN
BEGIN;

-- name: SQL_COMMIT
COMMIT;

-- name: SQL_ROLLBACK
ROLLBACK;
