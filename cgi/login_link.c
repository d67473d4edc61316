/*
 * login_link.c: the mailer's side of "mail me a link" (SPEC §4, §7).
 * POST /api/session/link only records a request (session.c), in the same
 * statements whatever the address, so that its answer and its timing say
 * nothing about accounts.  Here the mailer takes the requests, looks each
 * address up, and queues a login link for an account, or nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

/*
 * See awards.h.  Queues the login link mail for the account of request
 * row i of res (SQL_LOGIN_LINK_CLAIM), inside the caller's transaction;
 * nothing for an address without an account.  Returns 0, or -1.
 */
int
login_link_answer(struct db *db, const PGresult *res, int i)
{
	char		 token[TOKEN_SIZE] = "", key[24];
	json_t		*values;
	int64_t		 token_id;
	int		 rc = 0;

	if (db_isnull(res, i, "user_id"))
		return 0;
	if (user_token_create(db, "login", db_int(res, i, "user_id"), token,
	    &token_id) == -1)
		return -1;
	/* The link's own id is the mail's dedupe subject. */
	values = json_pack("{s:s}", "name", db_text(res, i, "name"));
	if (token_link_value(values, "login_url", "login", token) == -1 ||
	    outbox_queue(db, 0, EVENT_LOGIN_LINK, NULL,
	    db_text(res, i, "email"), db_text(res, i, "name"), values,
	    db_i64(key, (long long)token_id), 0) == -1)
		rc = -1;
	sodium_memzero(token, sizeof(token));
	json_decref(values);
	return rc;
}
