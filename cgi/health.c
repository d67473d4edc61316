/*
 * health.c: GET /api/health, for load balancers, monitoring and people.
 */
#include <stdio.h>
#include <stdlib.h>

#include "awards.h"
#include "db.h"

/* The embedded migrations as SQL_HEALTH's parameters, made once. */
static char	*health_names, *health_sums;

/*
 * Computes the parameters of SQL_HEALTH before any thread starts; they
 * live as long as the process.  Returns 0, or -1 out of memory.
 */
int
health_init(void)
{
	return migrate_expected(&health_names, &health_sums);
}

/*
 * Answers 200 {"status": "ok", "schema", "version", "outbox": {"due",
 * "oldest_due_s", "dead"}, "mailer": {"last_round_s"}} when the database
 * answers and holds exactly the migrations this binary carries (a mail
 * backlog or a silent mailer is reported, not a failure of serve); 503
 * schema_mismatch naming the migration when it lacks one or applied
 * another text (a restart of serve would refuse to start), or 503
 * unavailable when the database does not answer.
 */
void
health_get(struct req *req)
{
	PGresult	*res;
	json_t		*body;
	char		 why[160];

	if ((res = DB_EXEC(req->db, SQL_HEALTH, health_names,
	    health_sums)) == NULL)
		return;
	if (!db_isnull(res, 0, "wrong")) {
		snprintf(why, sizeof(why), db_bool(res, 0, "missing") ?
		    "migration sql/%s.sql is not applied: run awards migrate" :
		    "migration sql/%s.sql differs from the text applied",
		    db_text(res, 0, "wrong"));
		http_error_extra(req, 503, "schema_mismatch", why,
		    json_pack("{s:o, s:s}", "schema",
		    db_json_text(res, 0, "schema"), "version",
		    awards_version));
		PQclear(res);
		return;
	}
	body = json_pack("{s:s, s:o, s:s, s:{s:o, s:o, s:o}, s:{s:o}}",
	    "status", "ok", "schema", db_json_text(res, 0, "schema"),
	    "version", awards_version,
	    "outbox", "due", db_json_int(res, 0, "outbox_due"),
	    "oldest_due_s", db_json_int(res, 0, "outbox_oldest_due_s"),
	    "dead", db_json_int(res, 0, "outbox_dead"),
	    "mailer", "last_round_s", db_json_int(res, 0, "mailer_round_s"));
	PQclear(res);
	http_json(req, 200, body);
}
