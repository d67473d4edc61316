/*
 * announce.c: the announcement (SPEC §3, §5) and the public awardees list.
 * Announcing moves a cycle decided -> announced and, in the same
 * transaction, queues the mails: a congratulation to each awardee, one
 * mail per confirmed nominator address with the outcome for each person
 * they nominated, and the list to the cycle's announce_to address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

static const struct valid_field announce_fields[] = {
	{ .name = "hold", .type = VALID_BOOL },
	{ .name = NULL }
};

/*
 * The values every announcement mail of the cycle shares: cycle_name,
 * base_url, cycle_id.  Returns a new object, or NULL when out of memory.
 */
static json_t *
announce_values(const char *cycle_name, const char *cycle_id)
{
	return json_pack("{s:s, s:s, s:s}", "cycle_name", cycle_name,
	    "base_url", config.base_url, "cycle_id", cycle_id);
}

/*
 * Queues the congratulation of each awardee of the cycle, keyed by
 * candidate, private or not.  The mail names the awardee, the cycle and
 * the category, never a nominator, and carries the nominee's link unless
 * they had it already.  Adds to *n the mails queued.  Returns 0 or -1.
 */
static int
announce_awardees(struct db *db, int64_t cycle_id, const char *cycle,
    const char *name, int held, int *n)
{
	PGresult	*res;
	json_t		*values;
	char		 key[64], *url;
	int		 i, got, rc = -1;

	if ((res = DB_EXEC(db, SQL_ANNOUNCE_AWARDEES, cycle)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		if ((got = nominee_link(db, db_text(res, i, "candidate_id"),
		    &url)) == -1)
			goto out;
		values = announce_values(name, cycle);
		json_object_set_new(values, "nominee_note", json_string(
		    db_text(res, i, got ? "note_link" : "note_earlier")));
		json_object_set_new(values, "nominee_url",
		    json_string(got ? url : ""));
		free(url);
		json_object_set_new(values, "nominee_name",
		    json_string(db_text(res, i, "nominee_name")));
		json_object_set_new(values, "category_name",
		    json_string(db_text(res, i, "category_name")));
		snprintf(key, sizeof(key), "%s",
		    db_text(res, i, "candidate_id"));
		if (outbox_queue(db, cycle_id, EVENT_ANNOUNCEMENT_AWARDEE,
		    db_text(res, i, "lang"), db_text(res, i, "nominee_email"),
		    db_text(res, i, "nominee_name"), values, key, held) == -1) {
			json_decref(values);
			goto out;
		}
		json_decref(values);
		(*n)++;
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/*
 * Queues one mail to the address of rows [from, to) of res
 * (SQL_ANNOUNCE_NOMINATIONS, one address): the outcome for each person
 * this nominator nominated, in the words they used for the name.  A
 * nominator of anyone recognised gets announcement_nominator, else the
 * thank-you.  Returns 0 or -1.
 */
static int
announce_one_nominator(struct db *db, int64_t cycle_id, const char *cycle,
    const char *name, int held, PGresult *res, int from, int to)
{
	struct buf	 lines = { 0 };
	json_t		*values = NULL;
	char		*text = NULL, key[80];
	const char	*decision;
	int		 i, recognised = 0, rc = -1;

	for (i = from; i < to; i++) {
		decision = db_text(res, i, "decision");
		if (strcmp(decision, "awardee") == 0 ||
		    strcmp(decision, "honorable_mention") == 0)
			recognised = 1;
		if (i > from)
			buf_str(&lines, "\n");
		buf_str(&lines, "- ");
		buf_str(&lines, db_text(res, i, "nominee_name"));
		buf_str(&lines, " (");
		buf_str(&lines, db_text(res, i, "category_name"));
		buf_str(&lines, "): ");
		buf_str(&lines, db_text(res, i, "outcome"));
	}
	if (buf_finish(&lines, &text, NULL) == -1)
		goto out;
	values = announce_values(name, cycle);
	json_object_set_new(values, "nominator_name",
	    json_string(db_text(res, from, "nominator_name")));
	json_object_set_new(values, "outcomes", json_string(text));
	/* One key per address, whichever template it gets. */
	snprintf(key, sizeof(key), "%s:%s", cycle,
	    db_text(res, from, "first_id"));
	rc = outbox_queue(db, cycle_id, recognised ?
	    EVENT_ANNOUNCEMENT_NOMINATOR : EVENT_ANNOUNCEMENT_THANKS,
	    db_text(res, from, "lang"), db_text(res, from, "address"),
	    db_text(res, from, "nominator_name"), values, key, held);
out:
	buf_free(&lines);
	free(text);
	json_decref(values);
	return rc;
}

/*
 * Queues one mail per confirmed nominator address of the cycle.  Adds to
 * *n the mails queued.  Returns 0 or -1.
 */
static int
announce_nominators(struct db *db, int64_t cycle_id, const char *cycle,
    const char *name, int held, int *n)
{
	PGresult	*res;
	int		 from, to, rc = -1;

	if ((res = DB_EXEC(db, SQL_ANNOUNCE_NOMINATIONS, cycle)) == NULL)
		return -1;
	for (from = 0; from < PQntuples(res); from = to) {
		for (to = from + 1; to < PQntuples(res) &&
		    strcmp(db_text(res, to, "address"),
		    db_text(res, from, "address")) == 0; to++)
			continue;
		if (announce_one_nominator(db, cycle_id, cycle, name, held,
		    res, from, to) == -1)
			goto out;
		(*n)++;
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/*
 * The public list of the cycle (SQL_AWARDEES_LIST) as JSON: [{"name",
 * "awardees": [{"name", "affiliation"}], "honorable_mentions": [...]}],
 * and, when text is not NULL, as the plain text of the list mail into
 * *text (the caller frees).  Returns a new reference, or NULL on a
 * database failure.
 */
static json_t *
announce_list(struct db *db, const char *cycle, char **text)
{
	PGresult	*res;
	json_t		*cats, *cat = NULL, *person;
	struct buf	 b = { 0 };
	const char	*decision, *aff;
	long long	 last = 0;
	int		 i;

	if ((res = DB_EXEC(db, SQL_AWARDEES_LIST, cycle)) == NULL)
		return NULL;
	buf_add(&b, "", 0);	/* a cycle without categories: "" */
	cats = json_array();
	for (i = 0; i < PQntuples(res); i++) {
		if (cat == NULL || db_int(res, i, "category_id") != last) {
			last = db_int(res, i, "category_id");
			cat = json_pack("{s:s, s:[], s:[]}", "name",
			    db_text(res, i, "category_name"), "awardees",
			    "honorable_mentions");
			json_array_append_new(cats, cat);
			if (b.len > 0)
				buf_str(&b, "\n\n");
			buf_str(&b, db_text(res, i, "category_name"));
			buf_str(&b, ":");
		}
		if (db_isnull(res, i, "decision"))
			continue;
		decision = db_text(res, i, "decision");
		aff = db_text(res, i, "nominee_affiliation");
		person = json_pack("{s:s, s:s}", "name",
		    db_text(res, i, "nominee_name"), "affiliation", aff);
		json_array_append_new(json_object_get(cat,
		    strcmp(decision, "awardee") == 0 ? "awardees" :
		    "honorable_mentions"), person);
		buf_str(&b, "\n- ");
		buf_str(&b, db_text(res, i, "nominee_name"));
		if (*aff != '\0') {
			buf_str(&b, ", ");
			buf_str(&b, aff);
		}
		if (strcmp(decision, "awardee") != 0)
			buf_str(&b, " (honourable mention)");
	}
	PQclear(res);
	if (text != NULL && buf_finish(&b, text, NULL) == -1) {
		json_decref(cats);
		return NULL;
	}
	buf_free(&b);
	return cats;
}

/*
 * Queues the list mail to the cycle's announce_to address, if it has
 * one.  Adds to *n the mails queued.  Returns 0 or -1.
 */
static int
announce_public(struct db *db, int64_t cycle_id, const char *cycle,
    const char *name, const char *to, int held, int *n)
{
	json_t		*cats, *values;
	char		*text = NULL, key[64];
	int		 rc;

	if (to == NULL || *to == '\0')
		return 0;
	if ((cats = announce_list(db, cycle, &text)) == NULL)
		return -1;
	json_decref(cats);
	values = announce_values(name, cycle);
	json_object_set_new(values, "awardees", json_string(text));
	snprintf(key, sizeof(key), "%s", cycle);
	/* A list has no reader's language: the cycle's is used. */
	rc = outbox_queue(db, cycle_id, EVENT_ANNOUNCEMENT_LIST, "", to, "",
	    values, key, held);
	if (rc == 0)
		(*n)++;
	json_decref(values);
	free(text);
	return rc;
}

/*
 * POST /api/cycles/{id}/announce (organizer) {"hold": bool (default
 * false)}: moves the cycle decided -> announced, freezes its decisions,
 * opens its public awardees list and, in the same transaction, queues
 * the announcement mails (all 'held' with hold, until released from the
 * outbox).  Each mail has a dedupe key, so nothing ever queues twice.
 * Audited (cycle.announce).  200 {"id", "phase": "announced", "held",
 * "mails"}; 400 malformed; 404 no such cycle; 409 wrong_phase (from any
 * phase but decided), decisions_missing (with "missing") when an
 * eligible candidate has no decision; 415; 500 a template that does not
 * render; 503.
 */
void
announce_post(struct req *req)
{
	PGresult	*cy = NULL;
	json_t		*body, *detail = NULL;
	char		 cycle[24], msg[160];
	const char	*name, *to;
	long long	 missing;
	int		 held, mails = 0;

	if ((body = valid_body(req, announce_fields)) == NULL)
		return;
	held = json_is_true(json_object_get(body, "hold"));
	db_i64(cycle, (long long)req->ids[0]);
	if ((cy = db_begin_find(req, SQL_ANNOUNCE_LOCK, "cycle")) == NULL)
		goto out;
	if (!phase_guard(req, ACTION_ANNOUNCE, db_text(cy, 0, "phase")))
		goto out;
	if (decision_missing(req->db, req->ids[0], &missing) == -1)
		goto out;
	if (missing > 0) {
		db_rollback(req->db);
		snprintf(msg, sizeof(msg), "%lld eligible candidate%s no "
		    "decision yet", missing, missing == 1 ? " has" : "s have");
		http_error(req, 409, "decisions_missing", msg,
		    json_pack("{s:I}", "missing", (json_int_t)missing));
		goto out;
	}
	name = db_text(cy, 0, "name");
	to = db_isnull(cy, 0, "announce_to") ? NULL :
	    db_text(cy, 0, "announce_to");
	if (db_command(req->db, SQL_ANNOUNCE_SET, 1, DB_ARGS(cycle)) == -1)
		goto out;
	if (announce_awardees(req->db, req->ids[0], cycle, name, held,
	    &mails) == -1 ||
	    announce_nominators(req->db, req->ids[0], cycle, name, held,
	    &mails) == -1 ||
	    announce_public(req->db, req->ids[0], cycle, name, to, held,
	    &mails) == -1) {
		/* A template error leaves no SQLSTATE: that is a 500. */
		goto out;
	}
	detail = json_pack("{s:b, s:i}", "hold", held, "mails", mails);
	if (audit_write(req, "cycle.announce", "cycle", req->ids[0],
	    detail) == -1 || db_commit(req->db) == -1)
		goto out;
	http_json(req, 200, json_pack("{s:I, s:s, s:b, s:i}", "id",
	    (json_int_t)req->ids[0], "phase", "announced", "held", held,
	    "mails", mails));
out:
	PQclear(cy);
	json_decref(detail);
	json_decref(body);
}

/*
 * GET /api/cycles/{id}/awardees (anyone; never reads the session, so
 * nginx may cache it for everyone): the public list once the cycle is
 * announced.  200 {"cycle": {"id", "name"}, "categories": [{"name",
 * "awardees": [{"name", "affiliation"}], "honorable_mentions": [...]}]};
 * nothing else: no address, no statement, no score.  404 until announced
 * (or no such cycle); 503.
 */
void
announce_awardees_get(struct req *req)
{
	PGresult	*cy;
	json_t		*cats;
	char		 cycle[24];

	db_i64(cycle, (long long)req->ids[0]);
	if ((cy = DB_EXEC(req->db, SQL_AWARDEES_CYCLE, cycle)) == NULL)
		return;
	if (PQntuples(cy) == 0) {
		PQclear(cy);
		http_error(req, 404, "not_found", "no announced cycle here",
		    NULL);
		return;
	}
	if ((cats = announce_list(req->db, cycle, NULL)) == NULL) {
		PQclear(cy);
		http_db_error(req);
		return;
	}
	http_json(req, 200, json_pack("{s:{s:I, s:s}, s:o}", "cycle",
	    "id", (json_int_t)req->ids[0], "name", db_text(cy, 0, "name"),
	    "categories", cats));
	PQclear(cy);
}

/*
 * GET /api/cycles/announced (anyone; never reads the session): the
 * announced cycles, newest first, for the landing page's links.  200
 * {"cycles": [{"id", "name"}]}; 503.
 */
void
announce_cycles(struct req *req)
{
	PGresult	*res;
	json_t		*list;
	int		 i;

	if ((res = DB_EXEC0(req->db, SQL_CYCLE_ANNOUNCED)) == NULL)
		return;
	list = json_array();
	for (i = 0; i < PQntuples(res); i++)
		json_array_append_new(list, json_pack("{s:I, s:s}", "id",
		    (json_int_t)db_int(res, i, "id"), "name",
		    db_text(res, i, "name")));
	PQclear(res);
	http_json(req, 200, json_pack("{s:o}", "cycles", list));
}
