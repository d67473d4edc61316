/*
 * ranking.c: GET /api/cycles/{id}/rankings, the ranking of SPEC §3 per
 * category with its fairness report (raw order beside the normalised
 * one, spread, disputed).  The arithmetic is one SQL statement
 * (sql/queries/rankings.sql); this file checks who may read it and
 * shapes the answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* A numeric column as a JSON real, or JSON null. */
static json_t *
ranking_real(const PGresult *res, int row, const char *col)
{
	return db_isnull(res, row, col) ? json_null() :
	    json_real(db_float(res, row, col));
}

/* Appends the JSON of value to b, compact, and drops value. */
static void
ranking_put(struct buf *b, json_t *value)
{
	char	*text;

	text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_REAL_PRECISION(15));
	json_decref(value);
	if (text == NULL) {
		b->failed = 1;
		return;
	}
	buf_str(b, text);
	free(text);
}

/*
 * Answers the rows of SQL_RANKINGS (ordered by category, then rank) as
 * the JSON of ranking_get(), written as text one candidate at a time: a
 * tree of every candidate's object (100,000 of them in the benchmark)
 * cost more than the statement's own growth and a hundred megabytes.
 */
static void
ranking_write(struct req *req, const PGresult *res)
{
	struct buf	 b = { 0 };
	char		 head[64];
	long long	 current = 0;
	int		 i, open = 0, first = 1;

	snprintf(head, sizeof(head), "{\"cycle_id\":%lld,\"categories\":[",
	    (long long)req->ids[0]);
	buf_str(&b, head);
	for (i = 0; i < PQntuples(res); i++) {
		if (!open || db_int(res, i, "category_id") != current) {
			current = db_int(res, i, "category_id");
			snprintf(head, sizeof(head), "%s{\"id\":%lld,\"name\":",
			    open ? "]}," : "", current);
			buf_str(&b, head);
			ranking_put(&b, json_string(db_text(res, i,
			    "category_name")));
			buf_str(&b, ",\"candidates\":[");
			open = first = 1;
		}
		if (db_isnull(res, i, "candidate_id"))
			continue;
		if (!first)
			buf_str(&b, ",");
		first = 0;
		ranking_put(&b, json_pack("{s:I, s:s, s:I, s:I, s:o, s:o, s:o, "
		    "s:I, s:o, s:b}",
		    "candidate_id", (json_int_t)db_int(res, i, "candidate_id"),
		    "nominee_name", db_text(res, i, "nominee_name"),
		    "rank", (json_int_t)db_int(res, i, "rank"),
		    "rank_raw", (json_int_t)db_int(res, i, "rank_raw"),
		    "score", ranking_real(res, i, "score"),
		    "raw", ranking_real(res, i, "raw"),
		    "median", ranking_real(res, i, "median"),
		    "reviews", (json_int_t)db_int(res, i, "reviews"),
		    "spread", ranking_real(res, i, "spread"),
		    "disputed", db_bool(res, i, "disputed")));
	}
	buf_str(&b, open ? "]}]}" : "]}");
	http_json_buf(req, 200, &b);
}

/*
 * GET /api/cycles/{id}/rankings (organizer; members in deliberation):
 * {"cycle_id", "categories": [{"id", "name", "candidates": [{
 * "candidate_id", "nominee_name", "rank", "rank_raw", "score", "raw",
 * "median", "reviews", "spread", "disputed"}]}]}.  A member never sees
 * their conflicted candidates (ranks are numbered without them).  Values
 * are null for a candidate without a final review.  200; 401; 404
 * unknown cycle; 409 not_deliberation (a member, another phase); 503.
 */
void
ranking_get(struct req *req)
{
	PGresult	*cyc = NULL, *res = NULL, *wm = NULL;
	char		 cycle[24], viewer[24];
	int		 member = req->user.role != ROLE_ORGANIZER;

	db_i64(cycle, (long long)req->ids[0]);
	db_i64(viewer, member ? (long long)req->user.id : 0);
	if ((cyc = DB_EXEC(req->db, SQL_RANKINGS_CYCLE, cycle)) == NULL) {
		http_db_error(req);
		goto out;
	}
	if (PQntuples(cyc) == 0) {
		http_error(req, 404, "not_found", "no such cycle", NULL);
		goto out;
	}
	if (member && strcmp(db_text(cyc, 0, "phase"), "deliberation") != 0) {
		http_error(req, 409, "not_deliberation", "members read the "
		    "rankings during deliberation", NULL);
		goto out;
	}
	/* A transaction only so that the work_mem setting ends with it. */
	if (db_begin(req->db) == -1 ||
	    (wm = DB_EXEC0(req->db, SQL_RANKINGS_WORK_MEM)) == NULL ||
	    (res = DB_EXEC(req->db, SQL_RANKINGS, cycle, viewer)) == NULL ||
	    db_commit(req->db) == -1) {
		db_rollback(req->db);
		http_db_error(req);
		goto out;
	}
	ranking_write(req, res);
out:
	PQclear(cyc);
	PQclear(wm);
	PQclear(res);
}
