/*
 * throttle.c: login throttling (SPEC §7).  Five failed logins for one
 * account, or from one client address, within 15 minutes hold further
 * tries off until the oldest of those five is 15 minutes old.  The address
 * is nginx's REMOTE_ADDR, never a header the client sets.  Failures live
 * in the table login_failures, so every `awards serve` process agrees.
 */
#include <stdlib.h>

#include "awards.h"
#include "db.h"

/*
 * Starts a login attempt for email from the request's address: opens a
 * transaction holding a lock on the account, so that tries for one
 * account sent all at once are checked one after the other and none slips
 * past the count while hashes are computed.  Returns 1 with *retry_after
 * in seconds (at least 1) when the login must wait, 0 when it may go on
 * (the transaction stays open until throttle_end()), -1 on a database
 * failure (see db_status()).  On 1 and -1 the transaction is closed.
 */
int
throttle_begin(struct req *req, const char *email, int *retry_after)
{
	PGresult	*res = NULL;
	int		 rc = -1;

	*retry_after = 0;
	if (db_begin(req->db) == -1 ||
	    db_command(req->db, SQL_LOGIN_LOCK, 1, DB_ARGS(email)) == -1 ||
	    (res = DB_EXEC(req->db, SQL_LOGIN_THROTTLED, email,
	    req->remote_addr)) == NULL)
		goto out;
	rc = 0;
	if (PQntuples(res) == 1 && !db_isnull(res, 0, "retry_after")) {
		*retry_after = (int)db_int(res, 0, "retry_after");
		if (*retry_after < 1)
			*retry_after = 1;
		rc = 1;
	}
out:
	PQclear(res);
	if (rc != 0)
		db_rollback(req->db);
	return rc;
}

/*
 * Ends the attempt that throttle_begin() started: records a failure when
 * failed, and releases the locks.  Returns 0, or -1 on a database failure.
 */
int
throttle_end(struct req *req, const char *email, int failed)
{
	if ((failed && db_command(req->db, SQL_LOGIN_FAILURE_INSERT, 2,
	    DB_ARGS(email, req->remote_addr)) == -1) ||
	    db_commit(req->db) == -1) {
		db_rollback(req->db);
		return -1;
	}
	return 0;
}
