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
 * Whether a login for email from the request's address must wait.
 * Returns 1 with *retry_after in seconds (at least 1), 0 when it may go
 * on, -1 on a database failure (see db_status()).
 */
int
throttle_check(struct req *req, const char *email, int *retry_after)
{
	PGresult	*res;
	int		 rc = 0;

	*retry_after = 0;
	res = DB_EXEC(req->db, SQL_LOGIN_THROTTLED, email, req->remote_addr);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		*retry_after = atoi(PQgetvalue(res, 0, 0));
		if (*retry_after < 1)
			*retry_after = 1;
		rc = 1;
	}
	PQclear(res);
	return rc;
}

/*
 * Records a failed login for email (known or not) from the request's
 * address.  Returns 0, or -1 on a database failure.
 */
int
throttle_fail(struct req *req, const char *email)
{
	return db_command(req->db, SQL_LOGIN_FAILURE_INSERT, 2,
	    DB_ARGS(email, req->remote_addr));
}
