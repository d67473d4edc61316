-- "Mail me a link" (session.c records, login_link.c answers).

-- name: SQL_LOGIN_LINK_LOCK
-- One request at a time per address ($1), from the count to the insert,
-- so that requests sent at once cannot pass the quota together.  A
-- statement of its own: the insert after it sees the commit it waited for.
SELECT pg_advisory_xact_lock(13, hashtext(lower($1)));

-- name: SQL_LOGIN_LINK_REQUEST
-- Records a request for address $1 unless it already made 5 in 15
-- minutes; the NOTIFY wakes the mailers at commit.  The same statement
-- whether or not the address has an account.
WITH recent AS (SELECT count(*) AS n FROM login_link_requests
		 WHERE lower(email) = lower($1)
		   AND created_at > now() - interval '15 minutes')
INSERT INTO login_link_requests (email)
SELECT lower($1) FROM recent WHERE n < 5
RETURNING id, pg_notify('awards_outbox', '');

-- name: SQL_LOGIN_LINK_CLAIM
-- The mailer takes up to $1 requests not answered yet (SKIP LOCKED: any
-- number of mailers), with the account of each address if there is one,
-- and forgets requests older than a day.
WITH old AS (DELETE FROM login_link_requests
	      WHERE created_at < now() - interval '1 day'),
done AS (UPDATE login_link_requests SET done_at = now()
	  WHERE id IN (SELECT id FROM login_link_requests
			WHERE done_at IS NULL ORDER BY id
			FOR UPDATE SKIP LOCKED LIMIT $1::integer)
	  RETURNING id, email)
SELECT done.id AS request_id, u.id AS user_id, u.role, u.email, u.name
  FROM done LEFT JOIN users u ON lower(u.email) = done.email
 ORDER BY done.id;
