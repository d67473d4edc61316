-- The audit log (audit.c).  Append-only: the schema refuses UPDATE and
-- DELETE.

-- name: SQL_AUDIT_INSERT
-- 0 for "no user" and "no object", "" for "no address".
INSERT INTO audit_log (user_id, action, object_type, object_id, address,
		       detail)
VALUES (NULLIF($1, '0')::bigint, $2, $3, NULLIF($4, '0')::bigint,
	NULLIF($5, ''), $6::jsonb);

-- name: SQL_AUDIT_LIST
-- Newest first, as GET /api/audit lists them; $1 rows from row $2.
SELECT a.id, rfc3339(a.at) AS at, a.user_id, u.name AS user_name,
       u.email AS user_email, a.action, a.object_type, a.object_id,
       a.address, a.detail
  FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
 ORDER BY a.id DESC
 LIMIT $1 OFFSET $2;

-- name: SQL_AUDIT_COUNT
SELECT count(*) AS total FROM audit_log;
