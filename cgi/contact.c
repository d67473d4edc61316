/*
 * contact.c: whom people write to about the programme.  The
 * cycle's contact_email, chosen by contact_address() (migration 0012);
 * when no cycle names one, the sender address AWARDS_MAIL_FROM.  The
 * mailer adds the same address to every mail (mail_build()).
 */
#include <stdio.h>

#include "awards.h"
#include "db.h"

/* See awards.h. */
const char *
contact_or_sender(const struct pg_result *res, int row, const char *col)
{
	return db_isnull(res, row, col) ? config.mail_from :
	    db_text(res, row, col);
}

/*
 * GET /api/contact: the address every public page offers when something
 * fails.  Public, never reads the session.  200 {"contact_email"}; 503.
 */
void
contact_get(struct req *req)
{
	PGresult	*res;

	if ((res = DB_EXEC0(req->db, SQL_CONTACT_CURRENT)) == NULL)
		return;
	http_json(req, 200, json_pack("{s:s}", "contact_email",
	    contact_or_sender(res, 0, "contact_email")));
	PQclear(res);
}
