-- Sessions and login throttling (session.c, throttle.c).

-- name: SQL_SESSION_LOAD
-- A live session (the view live_sessions, sql/0030).  stale
-- says whether last_seen_at is worth writing again (once a minute).
SELECT s.id AS session_id, u.id AS user_id, u.role, u.email, u.name,
       s.csrf_token, s.last_seen_at < now() - interval '1 minute' AS stale
  FROM live_sessions s JOIN users u ON u.id = s.user_id
 WHERE s.hash = $1;

-- name: SQL_SESSION_TOUCH
UPDATE sessions SET last_seen_at = now() WHERE id = $1;

-- name: SQL_SESSION_INSERT
INSERT INTO sessions (hash, user_id, csrf_token, address, expires_at)
VALUES ($1, $2, $3, $4, now() + interval '12 hours')
RETURNING id;

-- name: SQL_SESSION_REVOKE
UPDATE sessions SET revoked_at = now()
 WHERE id = $1 AND revoked_at IS NULL;

-- name: SQL_SESSION_REVOKE_HASH
-- Revokes the session of cookie hash $1: a login replaces the session it
-- came with, without loading it (public routes never read the session).
UPDATE sessions SET revoked_at = now()
 WHERE hash = $1 AND revoked_at IS NULL;

-- name: SQL_SESSION_REVOKE_USER
UPDATE sessions SET revoked_at = now()
 WHERE user_id = $1 AND revoked_at IS NULL;

-- name: SQL_LOGIN_LOCK
-- Locks the account ($1) and then the client address ($2) from the count
-- to the try recorded, so that tries sent at once are counted one after
-- the other (always in this order: no deadlock).  Held only for the count
-- and the reservation, never while a hash is computed: colleagues behind
-- one NAT sign in side by side.  A wait over 10 s is a 503.
SELECT set_config('lock_timeout', '10s', true),
       pg_advisory_xact_lock(1, hashtext(lower($1))),
       pg_advisory_xact_lock(2, hashtext($2));

-- name: SQL_LOGIN_THROTTLED
-- Seconds until the account ($1) has fewer than 5 failures and the
-- address ($2) fewer than 30 in 15 minutes (SPEC §7), or NULL when both
-- have now: the 5th (30th) latest failure leaves the window 15 minutes
-- after it happened.  Tries in flight count as failures (reserved).
SELECT ceil(extract(epoch FROM greatest(
	(SELECT at FROM login_failures WHERE lower(email) = lower($1)
	    AND at > now() - interval '15 minutes'
	  ORDER BY at DESC OFFSET 4 LIMIT 1),
	(SELECT at FROM login_failures WHERE address = $2
	    AND at > now() - interval '15 minutes'
	  ORDER BY at DESC OFFSET 29 LIMIT 1))
	+ interval '15 minutes' - now()))::integer AS retry_after;

-- name: SQL_LOGIN_FAILURE_INSERT
-- Reserves a failure for a try about to be checked (it is taken back if
-- the password is right), and forgets those too old to matter.
WITH old AS (DELETE FROM login_failures
	      WHERE at < now() - interval '1 day')
INSERT INTO login_failures (email, address) VALUES (lower($1), $2);

-- name: SQL_LOGIN_FAILURE_CANCEL
-- Takes back one reservation of this account and address: the try was
-- not a failure.  Any one row of the pair will do, the count is the same;
-- SKIP LOCKED makes two takers at once take two rows, not the same one.
DELETE FROM login_failures WHERE id = (SELECT id FROM login_failures
 WHERE email = lower($1) AND address = $2 ORDER BY id DESC LIMIT 1
 FOR UPDATE SKIP LOCKED);
