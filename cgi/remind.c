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
 * wakes the mailers at commit), of every cycle in scoring or of cycle
 * (a decimal id) alone.  *queued counts the members due; a reminder
 * already queued today is not queued again.
 * Returns 0, or -1 on a database or template failure.
 */
static int
remind_queue(struct db *db, const char *cycle, int *queued)
{
	PGresult	*res;
	json_t		*values;
	char		 key[128];
	int		 i, rc = -1;

	*queued = 0;
	if ((res = DB_EXEC(db, SQL_REMIND_DUE, cycle)) == NULL)
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
	if (db_begin(db) == -1 || remind_queue(db, NULL, &queued) == -1 ||
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

/*
 * Queues the reminders of the request's cycle (the run of `awards remind`
 * for that cycle alone) and answers what was queued; with preview, reads
 * the queued mails and rolls back instead, so the preview is the very
 * mail, and nothing is sent.  Returns nothing: it answers.
 */
static void
remind_run(struct req *req, int preview)
{
	PGresult	*cyc = NULL, *late = NULL, *mails = NULL;
	json_t		*list = NULL, *detail = NULL, *first = json_null();
	char		 id[24];
	int		 open, queued = 0;

	db_i64(id, (long long)req->ids[0]);
	if ((cyc = db_begin_find(req, SQL_REMIND_CYCLE, "cycle")) == NULL)
		goto out;
	if ((late = DB_EXEC(req->db, SQL_REMIND_LATE, id)) == NULL)
		goto out;
	if (!preview && !phase_guard(req, ACTION_REVIEW,
	    db_text(cyc, 0, "phase")))
		goto out;
	open = phase_allows(ACTION_REVIEW, db_text(cyc, 0, "phase"));
	if (open && (remind_queue(req->db, id, &queued) == -1 ||
	    (mails = DB_EXEC(req->db, SQL_REMIND_QUEUED, id)) == NULL))
		goto out;
	list = db_json_rows(late);
	if (mails != NULL && PQntuples(mails) > 0) {
		json_decref(first);
		first = json_pack("{s:s, s:s, s:s}",
		    "to", db_text(mails, 0, "to_address"),
		    "subject", db_text(mails, 0, "subject"),
		    "body", db_text(mails, 0, "body"));
	}
	queued = mails != NULL ? PQntuples(mails) : 0;
	if (preview)
		db_rollback(req->db);
	else {
		detail = json_pack("{s:i}", "queued", queued);
		if (audit_write(req, "cycle.remind", "cycle", req->ids[0],
		    detail) == -1 || db_commit(req->db) == -1)
			goto out;
	}
	http_json(req, 200, json_pack("{s:o, s:i, s:i, s:O}", "late", list,
	    preview ? "would_queue" : "queued", queued,
	    "already_reminded", open ? (int)json_array_size(list) -
	    queued : 0,
	    "preview", first));
	list = NULL;
out:
	json_decref(list);
	json_decref(detail);
	json_decref(first);
	PQclear(cyc);
	PQclear(late);
	PQclear(mails);
}

/*
 * GET /api/cycles/{id}/reminders (organizer): the members late with
 * their reviews ("late": [{"user_id", "name", "email", "drafts",
 * "not_started", "hours_left"}]), how many reminders a send would queue
 * now ("would_queue"; one a day each, and only in scoring), how many
 * were reminded today already, and the first mail as it would leave
 * ("preview": {"to", "subject", "body"} or null).  Nothing is queued.
 * 200; 404; 503.
 */
void
remind_list(struct req *req)
{
	remind_run(req, 1);
}

/*
 * POST /api/cycles/{id}/reminders (organizer): what `awards remind` does
 * for this cycle's members: one reminder a day at most to each member
 * with reviews not final.  The body is not read.  Audited.  200 as the
 * GET, with "queued"; 404; 409 wrong_phase (outside scoring); 503.
 */
void
remind_post(struct req *req)
{
	remind_run(req, 0);
}
