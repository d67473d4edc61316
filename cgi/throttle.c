/*
 * throttle.c: login throttling (SPEC §7).  Five failed logins for one
 * account, or thirty from one client address (password spraying), within
 * 15 minutes hold further tries off until the oldest of those is 15
 * minutes old; colleagues behind one NAT do not lock each other out with
 * a few typos.  The address
 * is nginx's REMOTE_ADDR, never a header the client sets.  Failures live
 * in the table login_failures, so every `awards serve` process agrees.
 */
#include <stdlib.h>

#include "awards.h"
#include "db.h"

/*
 * Starts a login attempt for email from the request's address: under the
 * locks of the account and of the address, counts the failures and, when
 * the try may go on, reserves a failure for it, then commits.  So tries
 * sent at once are counted one after the other, none slips past the
 * count while its hash is computed, and no lock or transaction is held
 * during the hash.  Returns 1 with *retry_after in seconds (at least 1)
 * when the login must wait, 0 when it may go on (the caller must call
 * throttle_end()), -1 on a database failure (see db_status()).  No
 * transaction is left open.
 */
int
throttle_begin(struct req *req, const char *email, int *retry_after)
{
	PGresult	*res = NULL;
	int		 rc = -1;

	*retry_after = 0;
	if (db_begin(req->db) == -1 ||
	    db_command(req->db, SQL_LOGIN_LOCK, 2,
	    DB_ARGS(email, req->remote_addr)) == -1 ||
	    (res = DB_EXEC(req->db, SQL_LOGIN_THROTTLED, email,
	    req->remote_addr)) == NULL)
		goto out;
	if (PQntuples(res) == 1 && !db_isnull(res, 0, "retry_after")) {
		*retry_after = (int)db_int(res, 0, "retry_after");
		if (*retry_after < 1)
			*retry_after = 1;
		rc = 1;
		goto out;
	}
	if (db_command(req->db, SQL_LOGIN_FAILURE_INSERT, 2,
	    DB_ARGS(email, req->remote_addr)) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	rc = 0;
out:
	PQclear(res);
	if (rc != 0)
		db_rollback(req->db);
	return rc;
}

/*
 * Ends the attempt that throttle_begin() started: the failure it reserved
 * stays when failed, else it is taken back (a right password, or a try
 * that could not be checked).  Returns 0, or -1 on a database failure.
 */
int
throttle_end(struct req *req, const char *email, int failed)
{
	if (failed)
		return 0;
	return db_command(req->db, SQL_LOGIN_FAILURE_CANCEL, 2,
	    DB_ARGS(email, req->remote_addr));
}
