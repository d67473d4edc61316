/*
 * outbox.c: the transactional outbox (SPEC §5).  A request that must mail
 * someone calls outbox_queue() inside its own transaction; awards mailer
 * (mailer.c) sends what committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* See awards.h. */
int
outbox_queue(struct db *db, int64_t cycle_id, const char *event,
    const char *to_address, const char *to_name, json_t *values,
    const char *dedupe_key, int held)
{
	PGresult	*res;
	char		 cycle[24], why[128], message_id[128];
	char		*subject = NULL, *body = NULL;
	const char	*domain;
	int		 rc = -1;

	/* Nothing from data may reach a header with a line break in it. */
	if (!valid_email(to_address) || strpbrk(to_name, "\r\n") != NULL) {
		log_error("outbox: %s: refused recipient", event);
		return -1;
	}
	db_i64(cycle, (long long)cycle_id);
	if ((res = DB_EXEC(db, SQL_TEMPLATE_FIND, event, cycle)) == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		log_error("outbox: no template for %s", event);
		goto out;
	}
	if (template_render(PQgetvalue(res, 0, 0), values, &subject, why,
	    sizeof(why)) == -1 ||
	    template_render(PQgetvalue(res, 0, 1), values, &body, why,
	    sizeof(why)) == -1) {
		log_error("outbox: template %s: %s", event, why);
		goto out;
	}
	if (strpbrk(subject, "\r\n") != NULL) {
		log_error("outbox: template %s: line break in subject", event);
		goto out;
	}
	domain = strchr(config.mail_from, '@') + 1;
	{
		char	 rnd[33];

		util_random_hex(rnd, 16);
		snprintf(message_id, sizeof(message_id), "<%s@%s>", rnd,
		    domain);
	}
	PQclear(res);
	res = DB_EXEC(db, SQL_OUTBOX_INSERT, event, cycle, to_address,
	    to_name, subject, body, held ? "held" : "queued", message_id,
	    dedupe_key);
	if (res != NULL)
		rc = 0;
out:
	PQclear(res);
	free(subject);
	free(body);
	return rc;
}
