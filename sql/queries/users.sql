-- Users (committee members and organizers) and their one-time links
-- (user.c, session.c).

-- name: SQL_USER_INSERT
-- A new user; the unique index on lower(email) refuses a twin.
INSERT INTO users (email, name, role, lang) VALUES ($1, $2, $3, $4)
RETURNING id, rfc3339(created_at) AS created_at;

-- name: SQL_USER_LIST
-- Every account as GET /api/users lists them: invited until a password
-- is set.
SELECT id, email, name, role,
       CASE WHEN password_hash IS NOT NULL THEN 'active' ELSE 'invited' END
	   AS status,
       rfc3339(created_at) AS created_at
  FROM users
 ORDER BY lower(name), id;

-- name: SQL_USER_LOCK
-- User $1, locked until the transaction ends, so that a new invitation
-- and the acceptance of an old one cannot cross.
SELECT id, email, name, role, password_hash IS NOT NULL AS active
  FROM users
 WHERE id = $1
   FOR UPDATE;

-- name: SQL_USER_BY_EMAIL
SELECT id AS user_id, role, email, name, password_hash
  FROM users
 WHERE lower(email) = lower($1);

-- name: SQL_USER_SET_PASSWORD
UPDATE users SET password_hash = $2, password_changed_at = now()
 WHERE id = $1;

-- name: SQL_USER_REHASH
-- Only if no one changed the password in between.
UPDATE users SET password_hash = $2
 WHERE id = $1 AND password_hash = $3;

-- name: SQL_TOKEN_INSERT
INSERT INTO tokens (hash, purpose, user_id, expires_at)
VALUES ($1, $2, $3, now() + $4::interval)
RETURNING id;

-- name: SQL_TOKEN_FIND
-- A live login or invitation token, locked until the transaction ends so
-- that two requests cannot both spend it.
SELECT t.id AS token_id, t.purpose, u.id AS user_id, u.role, u.email,
       u.name, u.password_hash IS NOT NULL AS has_password
  FROM tokens t JOIN users u ON u.id = t.user_id
 WHERE t.hash = $1 AND t.purpose IN ('login', 'invite')
   AND t.used_at IS NULL AND t.expires_at > now()
   FOR UPDATE OF t;

-- name: SQL_TOKEN_USE
UPDATE tokens SET used_at = now() WHERE id = $1;

-- name: SQL_TOKEN_USE_ALL
-- A new password spends every link still out for the user.
UPDATE tokens SET used_at = now()
 WHERE user_id = $1 AND used_at IS NULL;

-- name: SQL_USER_ROLE_PHRASE
-- The name of role phrase $3 (role_organizer, role_committee) in language
-- $1, or when $1 is '' in that of user $2's account.
SELECT mail_phrase(coalesce(NULLIF($1, ''),
		   (SELECT lang FROM users WHERE id = $2::bigint), 'en'), $3)
	   AS text;
