/*
 * remind.c: `awards remind` (SPEC §5, §6): mails each member who has
 * unfinished assignments in a cycle in phase scoring how many are left and
 * the deadline.  The dedupe key names the member, the cycle and the UTC
 * day, so however often it runs (a daily timer, by hand, on two hosts) a
 * member gets at most one reminder a day per cycle.  It also asks the
 * referees whose request waited for their address's cap, and reminds,
 * once, the referees who have not written 3 days before letters close
 * (letter.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/*
 * Queues the reminders of one run in one transaction (the outbox insert
 * wakes the mailers at commit).  *queued counts the members due; a
 * reminder already queued today is not queued again.
 * Returns 0, or -1 on a database or template failure.
 */
static int
remind_queue(struct db *db, int *queued)
{
	PGresult	*res;
	json_t		*values;
	char		 key[128];
	int		 i, rc = -1;

	*queued = 0;
	if ((res = DB_EXEC0(db, SQL_REMIND_DUE)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		values = json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "name", db_text(res, i, "name"),
		    "count", db_text(res, i, "left_count"),
		    "cycle_name", db_text(res, i, "cycle_name"),
		    "scoring_close_at", db_text(res, i, "scoring_close_at"),
		    "base_url", config.base_url);
		snprintf(key, sizeof(key), "%s:%s:%s",
		    db_text(res, i, "user_id"), db_text(res, i, "cycle_id"),
		    db_text(res, i, "day"));
		if (values == NULL || outbox_queue(db,
		    db_int(res, i, "cycle_id"), EVENT_REMINDER, NULL,
		    db_text(res, i, "email"), db_text(res, i, "name"), values,
		    key, 0) == -1) {
			json_decref(values);
			goto out;
		}
		json_decref(values);
		(*queued)++;
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/* See awards.h. */
int
remind_command(void)
{
	struct db	*db;
	int		 queued, asked, reminded, rc = 1;

	if ((db = db_open(config.database_url)) == NULL)
		return 1;
	if (db_ready(db) == -1) {
		fprintf(stderr, "awards remind: database unavailable\n");
		goto out;
	}
	if (db_begin(db) == -1 || remind_queue(db, &queued) == -1 ||
	    letter_remind(db, &asked, &reminded) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		fprintf(stderr, "awards remind: failed (see the log)\n");
		goto out;
	}
	printf("%d members with unfinished assignments reminded (at most "
	    "once a day each)\n", queued);
	printf("%d nominations' referees asked once the cap allowed, %d "
	    "referees reminded of their letter (once each)\n", asked,
	    reminded);
	rc = 0;
out:
	db_close(db);
	return rc;
}
